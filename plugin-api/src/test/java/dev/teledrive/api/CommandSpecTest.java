package dev.teledrive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSpecTest {

    private final Vocabulary vocabulary = StandardVocabulary.motion(255);

    @Test
    void bindsTypedArgumentsAndIgnoresUnknownFields() throws Exception {
        Command drive = vocabulary
                .find("drive")
                .orElseThrow()
                .bind(Map.of("throttle", 1, "steer", -0.5, "colour", "red"), null);
        assertEquals(1.0, drive.number("throttle"));
        assertEquals(-0.5, drive.number("steer"));
        assertFalse(drive.has("colour"));
        assertNull(drive.duration(), "held commands carry no duration");
    }

    @Test
    void timedCommandsCarryTheirDuration() throws Exception {
        Command up = vocabulary.find("up").orElseThrow().bind(Map.of(), Duration.ofMillis(300));
        assertEquals(Duration.ofMillis(300), up.duration());
        assertTrue(up.optionalInteger("speed").isEmpty());
    }

    @Test
    void refusesValuesOutOfRangeWithTheRangeInTheMessage() {
        var raw = vocabulary.find("raw").orElseThrow();
        var e = assertThrows(InvalidCommandException.class, () -> raw.bind(Map.of("data", 256), null));
        assertEquals("'data' must be from 0 to 255, not 256", e.getMessage());
        assertThrows(InvalidCommandException.class, () -> raw.bind(Map.of("data", 1.5), null));
        assertThrows(InvalidCommandException.class, () -> raw.bind(Map.of("data", "12"), null));
        var drive = vocabulary.find("drive").orElseThrow();
        assertThrows(InvalidCommandException.class, () -> drive.bind(Map.of("throttle", 1.01, "steer", 0), null));
        assertThrows(InvalidCommandException.class, () -> drive.bind(Map.of("throttle", Double.NaN, "steer", 0), null));
    }

    @Test
    void jsonNullCountsAsAbsent() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("data", null);
        var e = assertThrows(
                InvalidCommandException.class,
                () -> vocabulary.find("raw").orElseThrow().bind(fields, null));
        assertEquals("'raw' needs 'data'", e.getMessage());
    }

    @Test
    void aVocabularyMustHaveStopAndUniqueNames() {
        var up = CommandSpec.of("up", "Up", CommandKind.TIMED);
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(up));
        var stop = CommandSpec.of("stop", "Stop", CommandKind.STOP);
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(stop, up, up));
    }

    @Test
    void telemetryKeepsOrderAndRefusesEnvelopeNames() {
        var sample = Telemetry.builder()
                .put("x", 1.0)
                .put("y", 2.0)
                .put("heading", 0.5)
                .build();
        assertEquals(
                java.util.List.of("x", "y", "heading"),
                java.util.List.copyOf(sample.fields().keySet()));
        assertThrows(
                IllegalArgumentException.class,
                () -> Telemetry.builder().put("seq", 1L).build());
    }
}
