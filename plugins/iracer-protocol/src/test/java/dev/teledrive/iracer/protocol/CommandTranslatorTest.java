package dev.teledrive.iracer.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTranslatorTest {

    private final CommandTranslator translator = new CommandTranslator(12, 15);

    private static Command command(String name, Map<String, ?> fields) throws Exception {
        return StandardVocabulary.motion(255).find(name).orElseThrow().bind(fields, Duration.ofMillis(100));
    }

    @Test
    void namedCommandsUseTheDefaultOrGivenSpeed() throws Exception {
        assertEquals(0x1C, translator.translate(command("up", Map.of())).encode());
        assertEquals(
                0x25, translator.translate(command("down", Map.of("speed", 5))).encode());
        assertEquals(0x3C, translator.translate(command("left", Map.of())).encode());
        assertEquals(
                0x4F,
                translator.translate(command("right", Map.of("speed", 15))).encode());
        assertEquals(0x00, translator.translate(command("stop", Map.of())).encode());
    }

    @Test
    void rawBytesPassAsTheCarReadsThem() throws Exception {
        for (int b = 0; b <= 0x8F; b++) {
            assertEquals(
                    b, translator.translate(command("raw", Map.of("data", b))).encode(), "byte " + b);
        }
        assertEquals(
                0x00,
                translator.translate(command("raw", Map.of("data", 0xA7))).encode() & 0xF0,
                "undefined codes stop");
    }

    @Test
    void driveMapsToTheNearestDirection() throws Exception {
        assertEquals(
                0x1F,
                translator
                        .translate(command("drive", Map.of("throttle", 1.0, "steer", 0.0)))
                        .encode());
        assertEquals(
                0x6F,
                translator
                        .translate(command("drive", Map.of("throttle", 1.0, "steer", 1.0)))
                        .encode());
        assertEquals(
                0x00,
                translator
                        .translate(command("drive", Map.of("throttle", 0.05, "steer", 0.0)))
                        .encode());
    }

    @Test
    void theMaximumCapsEverything() throws Exception {
        var gentle = new CommandTranslator(12, 6);
        assertEquals(0x16, gentle.translate(command("up", Map.of())).encode());
        assertEquals(
                0x26, gentle.translate(command("raw", Map.of("data", 0x2F))).encode());
        assertEquals(
                0x16,
                gentle.translate(command("drive", Map.of("throttle", 1.0, "steer", 0.0)))
                        .encode());
        assertThrows(IllegalArgumentException.class, () -> gentle.translate(Command.of("horn")));
    }
}
