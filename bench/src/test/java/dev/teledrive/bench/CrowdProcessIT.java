package dev.teledrive.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The crowd's child JVM reports what went wrong instead of leaving the benchmark waiting. */
class CrowdProcessIT {

    @Test
    void aCrowdThatCannotStartSaysWhy() {
        var spec = new CrowdSpec("dancers", URI.create("ws://127.0.0.1:1/ws"), null, 3, List.of(), null, 0, false);
        IOException e = assertThrows(IOException.class, () -> CrowdProcess.start(spec));
        assertTrue(e.getMessage().contains("no crowd of kind 'dancers'"), e.getMessage());
    }

    @Test
    void viewersOfAServerThatIsNotThereFail() {
        var spec = CrowdSpec.viewers(URI.create("ws://127.0.0.1:1/ws"), null, "{\"command\":\"watch\"}", 2, 1000);
        IOException e = assertThrows(IOException.class, () -> CrowdProcess.start(spec));
        assertTrue(e.getMessage().startsWith("the crowd failed"), e.getMessage());
    }
}
