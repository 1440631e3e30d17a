package dev.teledrive.plugins.donkeycar.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The multipart forms real MJPEG servers send, and the ones that are not MJPEG at all. */
class MjpegReaderTest {

    /** A minimal JPEG: SOI, an SOF0 of 160x120, EOI. Enough for the reader and the size. */
    private static final byte[] JPEG = {
        (byte) 0xFF,
        (byte) 0xD8,
        (byte) 0xFF,
        (byte) 0xC0,
        0,
        11,
        8,
        0,
        120,
        0,
        (byte) 160,
        1,
        1,
        0x11,
        0,
        (byte) 0xFF,
        (byte) 0xD9
    };

    @Test
    void donkeycarsFormBareLineFeedAfterTheBoundaryAndNoBlankLineBetweenParts() throws IOException {
        var reader = reader(bytes(
                "--boundarydonotcross\nContent-type: image/jpeg\r\nContent-length: 17\r\n\r\n",
                JPEG,
                "--boundarydonotcross\nContent-type: image/jpeg\r\nContent-length: 17\r\n\r\n",
                JPEG));
        assertArrayEquals(JPEG, reader.next());
        assertArrayEquals(JPEG, reader.next());
        assertNull(reader.next());
    }

    @Test
    void theUsualFormCrlfEverywhereAndABlankLineBeforeEachBoundary() throws IOException {
        var reader = reader(bytes(
                "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 17\r\n\r\n",
                JPEG,
                "\r\n--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 17\r\n\r\n",
                JPEG,
                "\r\n"));
        assertArrayEquals(JPEG, reader.next());
        assertArrayEquals(JPEG, reader.next());
        assertNull(reader.next());
    }

    @Test
    void aPartWithoutContentLengthEndsAtTheEndOfImageMarker() throws IOException {
        var reader = reader(bytes("--b\r\nContent-Type: image/jpeg\r\n\r\n", JPEG, "\r\n--b\r\n\r\n", JPEG));
        assertArrayEquals(JPEG, reader.next());
        assertArrayEquals(JPEG, reader.next());
    }

    @Test
    void aStreamCutInsideAPictureEndsWithoutOne() throws IOException {
        var reader = reader(bytes("--b\r\nContent-Length: 17\r\n\r\n", new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertNull(reader.next());
    }

    @Test
    void whatIsNotMjpegIsRefusedWithWhatWasWrong() {
        assertRefused(bytes("<html><body>Donkey</body></html>\n"), "starts with '<html><body>Donkey</body></html>'");
        assertRefused(bytes("--b\r\nContent-Type: text/plain\r\n\r\nhello"), "sends text/plain pictures");
        assertRefused(bytes("--b\r\nContent-Length: 5\r\n\r\nhello"), "a part is not a JPEG picture");
        assertRefused(bytes("--b\r\nContent-Length: lots\r\n\r\n"), "Content-Length is 'lots'");
        assertRefused(bytes("--b\r\nContent-Length: 999999999\r\n\r\n"), "over the 1000 bytes allowed");
        assertRefused(bytes("--b\r\n" + "x".repeat(2000) + "\r\n"), "a header line is over 1024 bytes");
    }

    @Test
    void theSizeComesFromTheFrameHeader() {
        assertEquals(Optional.of(new JpegSize.Size(160, 120)), JpegSize.of(JPEG));
        assertEquals(Optional.empty(), JpegSize.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}));
        assertEquals(Optional.empty(), JpegSize.of("not a jpeg".getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertRefused(byte[] stream, String expected) {
        var e = assertThrows(IOException.class, () -> reader(stream).next());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static MjpegReader reader(byte[] stream) {
        return new MjpegReader(new ByteArrayInputStream(stream), 1000);
    }

    private static byte[] bytes(Object... pieces) {
        var out = new ByteArrayOutputStream();
        for (Object p : pieces) {
            byte[] b = p instanceof byte[] raw ? raw : ((String) p).getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
