package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.seats.HandOver;
import dev.teledrive.server.security.VideoTickets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The version 3 amendments at the edge: ids, what a stranger sees, and failures that keep the connection. */
class EdgeRulesTest {

    @Test
    void anIdWithALoneSurrogateIsABadMessageNotAnAckWithAnotherId() throws Exception {
        try (var core = new ProtocolCore(Map.of())) {
            var c = core.connect("10.0.0.1");
            c.next("hello");
            c.send("{\"command\":\"ping\",\"id\":\"a\\ud800b\"}");
            JsonNode reply =
                    c.next(m -> m.has("code") || "pong".equals(m.path("type").asText()));
            assertEquals("bad_message", reply.path("code").asText(), reply.toString());
            assertFalse(reply.has("id"), "no id it could not write back: " + reply);
        }
    }

    @Test
    void repliesCarryTheIdExactlyAsSent() throws Exception {
        try (var core = new ProtocolCore(Map.of())) {
            var c = core.connect("10.0.0.1");
            c.next("hello");
            c.send("{\"command\":\"up\",\"id\":\"\\u00e9\\ud83d\\ude97 \\\"x\\\"\"}");
            JsonNode ack = c.next("ack");
            assertEquals("\u00e9\ud83d\ude97 \"x\"", ack.path("id").textValue(), "a car emoji and quotes");
            c.send("{\"command\":\"up\",\"id\":9007199254740993}");
            assertEquals("9007199254740993", c.next("ack").path("id").toString(), "an integer past a double's");
            c.send("{\"command\":\"up\",\"id\":1.5}");
            assertEquals("bad_message", c.next("error").path("code").asText());
        }
    }

    @Test
    void beforeAuthHelloShowsNoVehiclesSelectionVocabularyOrVersionAndTheStateAfterAuthDoes() throws Exception {
        try (var core = new ProtocolCore(Map.of("driverToken", "sesame-driver-1"))) {
            var c = core.connect("10.0.0.1");
            JsonNode hello = c.next("hello");
            assertEquals("[]", hello.path("vehicles").toString());
            assertTrue(hello.path("selected").isNull(), hello.toString());
            assertEquals("[]", hello.path("vocabulary").toString());
            assertFalse(hello.has("server"), "no server version for a stranger: " + hello);
            assertEquals("required", hello.path("auth").asText());
            assertEquals(
                    "ack",
                    c.request("1", "{\"command\":\"auth\",\"token\":\"sesame-driver-1\"}")
                            .path("type")
                            .asText());
            JsonNode state = c.next("state");
            assertEquals("recorder", state.path("selected").asText());
            assertTrue(state.path("vehicles").size() >= 2, state.toString());
            assertTrue(state.path("vocabulary").toString().contains("\"drive\""), state.toString());
        }
    }

    @Test
    void withoutTokensHelloStillShowsEverything() throws Exception {
        try (var core = new ProtocolCore(Map.of())) {
            JsonNode hello = core.connect("10.0.0.1").next("hello");
            assertEquals("recorder", hello.path("selected").asText());
            assertTrue(hello.path("server").asText().startsWith("Teledrive"), hello.toString());
        }
    }

    @Test
    void aHandlerThatThrowsIsAnsweredInternalCountedAndTheConnectionStays() throws Exception {
        VideoTickets broken = mock(VideoTickets.class);
        when(broken.issue(any(), any())).thenThrow(new IllegalStateException("forced, as a bug would"));
        var failures = new AtomicInteger();
        ControlEvents counting = new CountingEvents(failures);
        try (var core = new ProtocolCore(
                Map.of(),
                s -> new ControlSetup(
                        s.settings(),
                        s.clock(),
                        s.version(),
                        s.authThrottle(),
                        s.turnTimers(),
                        counting,
                        broken,
                        s.cameras(),
                        s.stateSender()),
                true)) {
            var c = core.connect("10.0.0.1");
            c.next("hello");
            JsonNode reply = c.request("t1", "{\"command\":\"ticket\"}");
            assertEquals("internal", reply.path("code").asText(), reply.toString());
            assertEquals(1, failures.get(), "counted for the metrics");
            assertEquals(
                    "pong",
                    c.request("p1", "{\"command\":\"ping\"}").path("type").asText());
            assertTrue(c.closes.isEmpty(), "the connection stays open");
        }
    }

    @Test
    void aConnectionWithNoVehicleSelectedPingsSelectsAuthenticatesAndGetsTickets() throws Exception {
        try (var core = new ProtocolCore(Map.of("driverToken", "sesame-driver-1"), s -> s, false)) {
            var c = core.connect("10.0.0.1");
            JsonNode hello = c.next("hello");
            assertTrue(hello.path("selected").isNull(), hello.toString());
            assertEquals(
                    "pong",
                    c.request("1", "{\"command\":\"ping\"}").path("type").asText());
            assertEquals(
                    "ack",
                    c.request("2", "{\"command\":\"auth\",\"token\":\"sesame-driver-1\"}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ticket",
                    c.request("3", "{\"command\":\"ticket\"}").path("type").asText());
            assertEquals(
                    "vehicle_unavailable",
                    c.request("4", "{\"command\":\"select\",\"vehicle\":\"simulator\"}")
                            .path("code")
                            .asText());
            for (String command : new String[] {"claim", "release", "skip", "up", "drive", "stop", "horn"}) {
                JsonNode reply = c.request(command, "{\"command\":\"" + command + "\"}");
                assertEquals("vehicle_unavailable", reply.path("code").asText(), command + ": " + reply);
            }
            assertTrue(c.closes.isEmpty(), "the connection stays open");
        }
    }

    /** Counts the unexpected failures; reports nothing else. */
    private record CountingEvents(AtomicInteger failures) implements ControlEvents {
        @Override
        public void handlerFailed() {
            failures.incrementAndGet();
        }

        @Override
        public void commandAnswered(boolean acked, long nanos) {}

        @Override
        public void errorSent(ErrorCode code) {}

        @Override
        public void driverDisconnected() {}

        @Override
        public void seatHandedOver(HandOver.Cause cause, boolean toSomeone) {}

        @Override
        public void telemetrySkipped() {}
    }
}
