package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlSessionTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration MAX = Duration.ofSeconds(2);
    private final ControlSession session =
            new ControlSession("1", "test", null, null, (code, reason) -> {}, Role.DRIVER, "token", false, 0);

    @Test
    void theSeedsDurationRules() throws Exception {
        assertEquals(Duration.ofMillis(100), session.duration(null, MAX), "initially 0.1 s");
        assertEquals(Duration.ofMillis(500), session.duration(JSON.numberNode(0.5), MAX));
        assertEquals(Duration.ofMillis(500), session.duration(JSON.nullNode(), MAX), "null reuses the last");
        assertEquals(Duration.ofMillis(500), session.duration(null, MAX), "missing reuses the last");
        assertEquals(MAX, session.duration(JSON.numberNode(30), MAX), "clamped to the maximum");
        assertEquals(MAX, session.duration(null, MAX));
        assertEquals(Duration.ZERO, session.duration(JSON.numberNode(0), MAX));
        assertThrows(ProtocolException.class, () -> session.duration(JSON.numberNode(-0.1), MAX));
        assertThrows(ProtocolException.class, () -> session.duration(JSON.textNode("1"), MAX));
        assertThrows(ProtocolException.class, () -> session.duration(JSON.booleanNode(true), MAX));
        assertEquals(Duration.ZERO, session.duration(null, MAX), "a refused duration changes nothing");
    }
}
