package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every rule of the protocol core, in memory and on a manual clock: no network, no sleeps. */
class ProtocolCoreTest {

    private ProtocolCore core;

    private ProtocolCore core(Map<String, String> keys) throws Exception {
        core = new ProtocolCore(keys);
        return core;
    }

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void theFirstConnectionDrivesTheNextWatchesAndAClaimQueuesIt() throws Exception {
        var core = core(Map.of());
        var driver = core.connect("10.0.0.1");
        var watcher = core.connect("10.0.0.2");
        assertEquals("driver", driver.next("hello").path("role").asText());
        JsonNode hello = watcher.next("hello");
        assertEquals("spectator", hello.path("role").asText());
        assertEquals(3, hello.path("protocol").asInt());
        assertError(watcher.request("1", "{\"command\":\"up\"}"), "not_driver", "1");
        assertError(watcher.request("3", "{\"command\":\"release\"}"), "not_driver", "3");
        assertEquals(
                "ack", driver.request("4", "{\"command\":\"up\"}").path("type").asText());
        assertEquals("up", core.car.next());

        assertEquals(
                "ack",
                watcher.request("2", "{\"command\":\"claim\"}").path("type").asText());
        JsonNode queued = watcher.next("state");
        assertEquals("queued", queued.path("role").asText());
        assertEquals(1, queued.path("queue").path("position").asInt());
        assertEquals(1, queued.path("queue").path("length").asInt());
        assertEquals(2, queued.path("spectators").asInt());
        assertEquals(1, driver.next("state").path("queue").path("length").asInt(), "the driver sees the queue");

        driver.closeConnection();
        assertEquals("stop", core.car.next(), "the vehicle stops at once");
        core.timers.advance(Duration.ofSeconds(10)); // nobody resumed the held seat
        assertEquals("stop", core.car.next(), "and again before the hand-over");
        // A state with the watchers' new count may come first (AudienceRounds): the hand-over's follows.
        watcher.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        assertEquals(
                "ack", watcher.request("5", "{\"command\":\"up\"}").path("type").asText());
        assertEquals("up", core.car.next());
    }

    @Test
    void aConnectionThatClosedBeforeItsGreetingLeavesNoSeatAndNoCount() throws Exception {
        var core = core(Map.of());
        ControlSession session =
                core.control.register("10.0.0.1", (utf8, batch, done) -> done.accept(null), (code, reason) -> {});
        core.control.onClose(session); // the client hung up while its upgrade completed
        core.control.greet(session);
        assertFalse(core.control.hasDriver());
        assertEquals(0, core.control.connectionCount());
        assertEquals(
                "driver", core.connect("10.0.0.1").next("hello").path("role").asText());
    }

    @Test
    void everyErrorCodeForItsCause() throws Exception {
        var core = core(Map.of());
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.send("{not json");
        assertError(c.next("error"), "bad_json", null);
        assertError(c.request("1", "{\"command\":42}"), "bad_message", "1");
        assertError(c.request("2", "{\"command\":\"up\",\"duration\":-1}"), "bad_message", "2");
        assertError(c.request("3", "{\"command\":\"drive\",\"throttle\":2,\"steer\":0}"), "bad_message", "3");
        assertError(c.request("4", "{\"command\":\"fly\"}"), "unknown_command", "4");
        assertError(c.request("5", "{\"command\":\"select\",\"vehicle\":\"nowhere\"}"), "vehicle_unavailable", "5");
        assertError(c.request("6", "{\"command\":\"boom\"}"), "internal", "6");
        core.control.onBinary(c.session);
        assertError(c.next("error"), "bad_message", null);
    }

    @Test
    void helloListsAStringsChoicesAndAValueOutsideThemIsABadMessage() throws Exception {
        var core = core(Map.of());
        var c = core.connect("10.0.0.1");
        JsonNode gear = null;
        for (JsonNode command : c.next("hello").path("vocabulary")) {
            if (command.path("name").asText().equals("gear")) {
                gear = command.path("parameters").get(0);
            }
        }
        assertEquals(
                "{\"name\":\"gear\",\"label\":\"Gear\",\"type\":\"string\",\"required\":false,"
                        + "\"default\":\"low\",\"choices\":[\"low\",\"high\"]}",
                String.valueOf(gear));
        core.car.clear();
        assertEquals(
                "ack",
                c.request("1", "{\"command\":\"gear\",\"gear\":\"high\"}")
                        .path("type")
                        .asText());
        assertEquals("gear:high", core.car.next());
        assertEquals(
                "ack", c.request("2", "{\"command\":\"gear\"}").path("type").asText());
        assertEquals("gear:low", core.car.next(), "the default when left out");
        JsonNode refused = c.request("3", "{\"command\":\"gear\",\"gear\":\"reverse\"}");
        assertError(refused, "bad_message", "3");
        assertEquals(
                "'gear' must be one of \"low\", \"high\", not \"reverse\"",
                refused.path("message").asText());
        assertError(c.request("4", "{\"command\":\"gear\",\"gear\":2}"), "bad_message", "4");
        assertEquals(
                "ack", c.request("5", "{\"command\":\"horn\"}").path("type").asText());
        assertEquals("horn", core.car.next(), "the refused ones never reached the vehicle");
        assertTrue(
                c.drain().stream().noneMatch(m -> m.path("type").asText().equals("error")), "one reply each, no more");
    }

    @Test
    void withTokensOnlyPingAndAuthWorkUntilAuthThenTheRoleComesFromTheToken() throws Exception {
        var core = core(Map.of("driverToken", "drive", "spectatorToken", "watch", "adminToken", "own"));
        var c = core.connect("10.0.0.1");
        assertEquals("spectator", c.next("hello").path("role").asText());
        assertError(c.request("1", "{\"command\":\"up\"}"), "unauthorized", "1");
        assertEquals(
                "pong", c.request("2", "{\"command\":\"ping\"}").path("type").asText());
        assertError(c.request("3", "{\"command\":\"auth\",\"token\":\"nope\"}"), "unauthorized", "3");
        assertEquals(
                "ack",
                c.request("4", "{\"command\":\"auth\",\"token\":\"watch\"}")
                        .path("type")
                        .asText());
        assertError(c.request("5", "{\"command\":\"claim\"}"), "not_driver", "5");

        var driver = core.connect("10.0.0.2");
        driver.request("6", "{\"command\":\"auth\",\"token\":\"drive\"}");
        assertEquals("driver", driver.next("state").path("role").asText());
        var admin = core.connect("10.0.0.3");
        admin.request("7", "{\"command\":\"auth\",\"token\":\"own\"}");
        core.car.clear();
        assertEquals(
                "ack",
                admin.request("8", "{\"command\":\"claim\"}").path("type").asText());
        assertEquals("stop", core.car.next(), "the admin takes the seat: the vehicle stops first");
        assertError(driver.request("9", "{\"command\":\"up\"}"), "not_driver", "9");
    }

    @Test
    void theRateLimitRefusesWhatComesTooFastButNeverAStopAndRefillsWithTime() throws Exception {
        var core = core(Map.of("limits.messagesPerSecond", "10", "limits.burst", "2"));
        var c = core.connect("10.0.0.1");
        c.next("hello");
        assertEquals(
                "pong", c.request("1", "{\"command\":\"ping\"}").path("type").asText());
        assertEquals(
                "pong", c.request("2", "{\"command\":\"ping\"}").path("type").asText());
        assertError(c.request("3", "{\"command\":\"ping\"}"), "rate_limited", "3");
        assertEquals(
                "ack", c.request("4", "{\"command\":\"stop\"}").path("type").asText());
        core.timers.advance(Duration.ofMillis(100)); // one more message's worth at 10 a second
        assertEquals(
                "pong", c.request("5", "{\"command\":\"ping\"}").path("type").asText());
        assertError(c.request("6", "{\"command\":\"ping\"}"), "rate_limited", "6");
    }

    @Test
    void theDeadManStopsAHeldDriveUnlessTheDriverKeepsSendingIt() throws Exception {
        var core = core(Map.of("control.deadmanMillis", "500"));
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.request("1", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0}");
        assertEquals("drive", core.car.next());
        for (int i = 0; i < 5; i++) {
            core.timers.advance(Duration.ofMillis(400));
            c.request("d" + i, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0}"); // the joystick held
            assertEquals("drive", core.car.next());
        }
        c.request("2", "{\"command\":\"horn\"}");
        assertEquals("horn", core.car.next(), "no stop while the driver kept driving, for 2 s");
        core.timers.advance(Duration.ofMillis(500));
        assertEquals("stop", core.car.next(), "no drive for the dead-man period: stopped");
    }

    @Test
    void pingsStopsAndActionsDoNotFeedTheDeadMan() throws Exception {
        var core = core(Map.of("control.deadmanMillis", "500"));
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.request("1", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0}");
        assertEquals("drive", core.car.next());
        core.timers.advance(Duration.ofMillis(300));
        c.request("p1", "{\"command\":\"ping\"}");
        c.request("2", "{\"command\":\"horn\"}");
        assertEquals("horn", core.car.next());
        core.timers.advance(Duration.ofMillis(300));
        assertEquals("stop", core.car.next(), "a ping and a horn 300 ms in do not keep the car moving past 500 ms");
    }

    @Test
    void aTimedCommandStopsWhenItsDurationIsUp() throws Exception {
        var core = core(Map.of());
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.request("1", "{\"command\":\"up\",\"duration\":1.5}");
        assertEquals("up", core.car.next());
        core.timers.advance(Duration.ofMillis(1_500));
        assertEquals("stop", core.car.next());
    }

    @Test
    void theDriverLeavingStopsTheVehicleAndFreesTheSeatForTheNext() throws Exception {
        var core = core(Map.of());
        var driver = core.connect("10.0.0.1");
        var next = core.connect("10.0.0.2");
        driver.next("hello");
        next.next("hello");
        driver.request("1", "{\"command\":\"drive\",\"throttle\":1,\"steer\":0}");
        assertEquals("drive", core.car.next());
        driver.closeConnection();
        assertEquals("stop", core.car.next(), "at once, not at the dead-man");
        core.timers.advance(Duration.ofSeconds(10)); // nobody resumed the held seat
        JsonNode free = next.next(m -> "state".equals(m.path("type").asText())
                && !m.path("vehicles").path(0).path("driven").asBoolean(true));
        assertEquals("spectator", free.path("role").asText(), "told that the seat is free");
        assertEquals(
                "ack", next.request("2", "{\"command\":\"claim\"}").path("type").asText());
        next.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
    }

    @Test
    void releasingTheSeatStopsTheVehicle() throws Exception {
        var core = core(Map.of());
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.request("1", "{\"command\":\"up\",\"duration\":2}");
        assertEquals("up", core.car.next());
        assertEquals(
                "ack", c.request("2", "{\"command\":\"release\"}").path("type").asText());
        assertEquals("stop", core.car.next());
        assertEquals("spectator", c.next("state").path("role").asText());
    }

    @Test
    void aStopTheVehicleRefusesIsAnErrorAndTheVehicleShowsFailed() throws Exception {
        var core = core(Map.of());
        var c = core.connect("10.0.0.1");
        c.next("hello");
        c.request("1", "{\"command\":\"up\",\"duration\":2}");
        c.request("2", "{\"command\":\"jam\"}");
        JsonNode refused = c.request("3", "{\"command\":\"stop\"}");
        assertError(refused, "vehicle_unavailable", "3");
        assertTrue(refused.path("message").asText().contains("did not stop"), refused.toString());
        JsonNode state = c.next("state");
        assertEquals("failed", state.path("vehicles").get(0).path("state").asText(), state.toString());
    }

    @Test
    void theConnectionCapsAreExact() throws Exception {
        var core = core(Map.of("limits.connectionsPerAddress", "2", "limits.connections", "3"));
        core.connect("10.0.0.1");
        core.connect("10.0.0.1");
        var third = core.connect("10.0.0.1");
        assertNull(third.session);
        assertEquals(java.util.List.of(ControlService.CLOSE_TRY_AGAIN_LATER), third.closes);
        core.connect("10.0.0.2");
        assertNull(core.connect("10.0.0.3").session, "full");
    }
}
