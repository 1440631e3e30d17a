package dev.teledrive.plugins.ffmpegcamera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsOnRunsOfWhitespace() {
        assertEquals(List.of("-f", "v4l2", "-i", "/dev/video0"), ShellWords.split("  -f v4l2\t -i\n/dev/video0  "));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void keepsQuotedSpacesAndJoinsAdjacentParts() {
        assertEquals(
                List.of("-i", "rtsp://cam/live stream", "a'b", "x y\"z", "pre fix"),
                ShellWords.split("-i 'rtsp://cam/live stream' \"a'b\" 'x y\"z' pre' 'fix"));
    }

    @Test
    void aQuotedEmptyStringIsAnArgument() {
        assertEquals(List.of("-a", "", "-b"), ShellWords.split("-a '' -b"));
        assertEquals(List.of(""), ShellWords.split("\"\""));
    }

    @Test
    void backslashesEscapeOutsideQuotesAndOnlySomeCharactersInsideDoubleQuotes() {
        assertEquals(List.of("a b", "c\\d", "e\"f", "g\\h"), ShellWords.split("a\\ b 'c\\d' \"e\\\"f\" \"g\\h\""));
    }

    @Test
    void nothingIsExpanded() {
        assertEquals(List.of("$HOME", "*.jpg", "~"), ShellWords.split("$HOME *.jpg ~"));
    }

    @Test
    void aFilterGraphWithColonsAndEqualsStaysOneArgument() {
        assertEquals(
                List.of("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=30"),
                ShellWords.split("-f lavfi -i testsrc2=size=640x480:rate=30"));
    }

    @Test
    void unclosedQuotesAndATrailingBackslashAreErrors() {
        var single = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("-i 'rtsp://x"));
        assertTrue(single.getMessage().contains("single quote at column 4"), single.getMessage());
        var dbl = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("-i \"x"));
        assertTrue(dbl.getMessage().contains("double quote at column 4"), dbl.getMessage());
        var backslash = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("-i x\\"));
        assertTrue(backslash.getMessage().contains("backslash"), backslash.getMessage());
    }
}
