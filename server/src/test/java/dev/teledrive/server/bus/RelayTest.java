package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Relay messages between hubs and sites: what passes, and what is dropped. */
class RelayTest {

    private static Relay decode(String json) throws BusMessageException {
        return Relay.decode(json.getBytes(StandardCharsets.UTF_8), 1024);
    }

    @Test
    void eachKindRoundTrips() throws Exception {
        for (Relay r : new Relay[] {
            Relay.open("c1", "203.0.113.5"),
            Relay.open("c1", "203.0.113.5", "recorder", false),
            Relay.text("c-2", "{\"command\":\"up\"}"),
            Relay.close("C3", 1008),
            Relay.open("c1", "203.0.113.5", "recorder", true, "hubToken_-0123456789ab"),
            Relay.find("c1-4", "hubToken_-0123456789ab"),
            Relay.found("c1-4", Duration.ofSeconds(12)),
            Relay.none("c1-4")
        }) {
            assertEquals(r, Relay.decode(r.encode(), 1024));
        }
    }

    @Test
    void anOpenMayTakeItsVehiclesFreeSeatUnlessItSaysNot() throws Exception {
        assertEquals(true, decode("{\"c\":\"c1\",\"op\":\"open\"}").maySeat(), "as a new connection");
        assertEquals(false, Relay.open("c1", null, "recorder", false).maySeat());
    }

    @Test
    void malformedOrOversizedMessagesAreRefusedWithAReason() {
        String[] bad = {
            "not json",
            "[1,2]",
            "{\"op\":\"open\"}",
            "{\"c\":\"a.b\",\"op\":\"open\"}",
            "{\"c\":\"" + "x".repeat(33) + "\",\"op\":\"open\"}",
            "{\"c\":\"c1\",\"op\":\"text\"}",
            "{\"c\":\"c1\",\"op\":\"launch\"}",
            "{\"c\":\"c1\",\"op\":\"text\",\"text\":\"" + "x".repeat(1100) + "\"}",
            "{\"c\":{\"a\":{\"b\":{\"c\":{\"d\":{}}}}},\"op\":\"open\"}",
            "{\"c\":\"c1\",\"op\":\"open\",\"vehicle\":\"Not An Id\"}",
            "{\"c\":\"c1\",\"op\":\"find\"}",
            "{\"c\":\"c1\",\"op\":\"find\",\"token\":\"a.b\"}",
            "{\"c\":\"c1\",\"op\":\"open\",\"token\":\"\"}",
            "{\"c\":\"c1\",\"op\":\"open\",\"token\":\"" + "x".repeat(65) + "\"}",
            "{\"c\":\"c1\",\"op\":\"found\",\"age\":-1}",
            "{\"c\":\"c1\",\"op\":\"found\",\"age\":\"old\"}",
        };
        for (String json : bad) {
            assertThrows(BusMessageException.class, () -> decode(json), json);
        }
    }
}
