package dev.teledrive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lists of objects in a telemetry sample, as the simulator's {@code others}. */
class TelemetryListTest {

    private static final TelemetryObject OTHER = TelemetryObject.builder()
            .put("vehicle", "simulator-b")
            .put("x", 1.5)
            .put("level", 3L)
            .put("wall", false)
            .build();

    @Test
    void aListOfObjectsKeepsItsOrderAndTheirFieldsTheirs() {
        var sample = Telemetry.builder()
                .put("x", 1.0)
                .putList("others", List.of(OTHER))
                .put("y", 2.0)
                .build();
        assertEquals(List.of("x", "others", "y"), List.copyOf(sample.fields().keySet()));
        List<?> others = (List<?>) sample.fields().get("others");
        var first = (TelemetryObject) others.get(0);
        assertEquals(
                List.of("vehicle", "x", "level", "wall"),
                List.copyOf(first.fields().keySet()));
        assertEquals("simulator-b", first.fields().get("vehicle"), "the envelope's names are free inside a list");
    }

    @Test
    void theListAndItsObjectsAreCopiedAndFrozen() {
        var items = new ArrayList<>(List.of(OTHER));
        var builder = Telemetry.builder().putList("others", items);
        var sample = builder.build();
        items.clear();
        List<?> others = (List<?>) sample.fields().get("others");
        assertEquals(1, others.size(), "a later change to the caller's list does not reach the sample");
        assertThrows(UnsupportedOperationException.class, () -> others.clear());
        assertThrows(UnsupportedOperationException.class, () -> OTHER.fields().put("y", 1.0));
        assertTrue(
                Telemetry.builder().putList("none", List.of()).build().fields().containsKey("none"));
    }

    @Test
    void badListsAndObjectsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Telemetry.builder().putList("others", null).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Telemetry.builder()
                        .putList("others", Arrays.asList(OTHER, null))
                        .build());
        assertThrows(IllegalArgumentException.class, () -> new Telemetry(Map.of("others", List.of("text"))));
        assertThrows(
                IllegalArgumentException.class,
                () -> Telemetry.builder().putList("vehicle", List.of(OTHER)).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TelemetryObject.builder().put("", 1.0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TelemetryObject.builder().put("name", (String) null).build());
        var nested = new LinkedHashMap<String, Object>();
        nested.put("inner", List.of(OTHER));
        var e = assertThrows(IllegalArgumentException.class, () -> new TelemetryObject(nested));
        assertTrue(e.getMessage().contains("inner"), e.getMessage());
    }
}
