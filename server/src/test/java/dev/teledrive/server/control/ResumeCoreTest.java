package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.RecordingVehicle;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md "Resume" on one server: held seats and queue places, in memory on a manual clock. */
class ResumeCoreTest {

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

    private static String resume(String token) {
        return "{\"command\":\"resume\",\"token\":\"" + token + "\"}";
    }

    private static boolean state(JsonNode m) {
        return "state".equals(m.path("type").asText());
    }

    @Test
    void helloCarriesAFreshUnguessableTokenOnEveryConnection() throws Exception {
        var core = core(Map.of());
        JsonNode a = core.connect("10.0.0.1").next("hello");
        JsonNode b = core.connect("10.0.0.2").next("hello");
        assertEquals(3, a.path("protocol").asInt());
        String token = a.path("resume").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]{22}"), "128 random bits, base64url: " + token);
        assertNotEquals(token, b.path("resume").asText());
    }

    @Test
    void aDroppedDriverStopsAtOnceAndANewConnectionTakesTheSeatBackAndDrives() throws Exception {
        var core = core(Map.of());
        var driver = core.connect("10.0.0.1");
        var waiting = core.connect("10.0.0.2");
        String token = driver.next("hello").path("resume").asText();
        waiting.next("hello");
        waiting.request("1", "{\"command\":\"claim\"}");
        driver.request("2", "{\"command\":\"drive\",\"throttle\":1,\"steer\":0}");
        assertEquals("drive", core.car.next());

        driver.closeConnection();
        assertEquals("stop", core.car.next(), "the car stops at once, as before");
        core.timers.advance(Duration.ofSeconds(9));
        waiting.clear();
        var again = core.connect("10.0.0.1");
        JsonNode hello = again.next("hello");
        assertEquals("spectator", hello.path("role").asText(), "the held seat is not free");
        assertTrue(hello.path("vehicles").get(0).path("driven").asBoolean(), "a held seat counts as driven");
        assertEquals(1, hello.path("vehicles").get(0).path("queue").asInt(), "the queue behind it waits");

        assertEquals("ack", again.request("3", resume(token)).path("type").asText());
        JsonNode resumed = again.next(ResumeCoreTest::state);
        assertEquals("driver", resumed.path("role").asText());
        assertEquals(RecordingVehicle.ID, resumed.path("selected").asText());
        assertEquals(
                "ack", again.request("4", "{\"command\":\"up\"}").path("type").asText());
        assertEquals("up", core.car.next());
        assertEquals(
                1,
                waiting.next(ResumeCoreTest::state)
                        .path("queue")
                        .path("position")
                        .asInt());

        core.timers.advance(Duration.ofSeconds(5)); // past the grace: its end was cancelled by the resume
        assertEquals("stop", core.car.next(), "the end of the timed up");
        assertEquals(
                "ack",
                again.request("4b", "{\"command\":\"down\"}").path("type").asText(),
                "still drives");
        assertEquals("down", core.car.next());
        assertError(again.request("5", resume(token)), "not_resumable", "5");
        var third = core.connect("10.0.0.3");
        third.next("hello");
        assertError(third.request("6", resume(token)), "not_resumable", "6");
    }

    @Test
    void aResumeBeforeTheServerNoticedTheDropEndsTheOldConnectionAndTakesItsSeat() throws Exception {
        // A phone that changed networks, or a hub that died: the client is back on a new connection
        // while its old one still looks open here (a site calls a hub silent only after 3 s).
        var core = core(Map.of());
        var driver = core.connect("10.0.0.1");
        var waiting = core.connect("10.0.0.2");
        String token = driver.next("hello").path("resume").asText();
        waiting.next("hello");
        waiting.request("1", "{\"command\":\"claim\"}");
        driver.request("2", "{\"command\":\"drive\",\"throttle\":1,\"steer\":0}");
        assertEquals("drive", core.car.next());

        var again = core.connect("10.0.0.1");
        again.next("hello");
        assertEquals("ack", again.request("3", resume(token)).path("type").asText());
        assertEquals("stop", core.car.next(), "the old connection's car stops before the hand-over");
        assertEquals(java.util.List.of(1000), driver.closes, "the old connection is closed");
        assertEquals("driver", again.next(ResumeCoreTest::state).path("role").asText());
        assertEquals(
                "ack", again.request("4", "{\"command\":\"up\"}").path("type").asText());
        assertEquals("up", core.car.next());

        driver.closeConnection(); // its transport's close comes later, and undoes nothing again
        assertError(waiting.request("5", resume(token)), "not_resumable", "5");
        assertEquals(
                "ack",
                again.request("6", "{\"command\":\"down\"}").path("type").asText(),
                "the new connection still drives");
        assertEquals(1, core.control.desk().seatReport(RecordingVehicle.ID).queue(), "the one who waited still waits");
    }

    @Test
    void aResumeWithAnOpenConnectionsTokenNeedsGraceToHoldItsPlace() throws Exception {
        var core = core(Map.of("turns.graceSeconds", "0"));
        var driver = core.connect("10.0.0.1");
        String token = driver.next("hello").path("resume").asText();
        var again = core.connect("10.0.0.1");
        again.next("hello");
        assertError(again.request("1", resume(token)), "not_resumable", "1");
        assertTrue(driver.closes.isEmpty(), "with nothing held for it, the old connection stays as it is");
    }

    @Test
    void aDroppedQueuePlaceComesBackAtTheSamePlace() throws Exception {
        var core = core(Map.of());
        var driver = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        var c = core.connect("10.0.0.3");
        driver.next("hello");
        String token = b.next("hello").path("resume").asText();
        c.next("hello");
        b.request("1", "{\"command\":\"claim\"}");
        c.request("2", "{\"command\":\"claim\"}");
        b.closeConnection();

        var back = core.connect("10.0.0.2");
        back.next("hello");
        assertEquals("ack", back.request("3", resume(token)).path("type").asText());
        JsonNode place = back.next(ResumeCoreTest::state);
        assertEquals("queued", place.path("role").asText());
        assertEquals(1, place.path("queue").path("position").asInt(), "first in line, as before");
        assertEquals(2, place.path("queue").path("length").asInt());
        assertEquals(
                2,
                c.next(m -> state(m) && m.path("queue").path("length").asInt() == 2)
                        .path("queue")
                        .path("position")
                        .asInt());

        driver.request("4", "{\"command\":\"release\"}");
        assertEquals(
                "driver",
                back.next(m -> state(m) && "driver".equals(m.path("role").asText()))
                        .path("role")
                        .asText());
    }

    @Test
    void theOldSelectionComesBackAndTheNewConnectionLeavesItsOwnPlaceFirst() throws Exception {
        var core = core(Map.of());
        var first = core.connect("10.0.0.1");
        var spectator = core.connect("10.0.0.2");
        first.next("hello");
        String token = spectator.next("hello").path("resume").asText();
        spectator.request("1", "{\"command\":\"select\",\"vehicle\":\"other\"}");
        core.other.await("open");
        first.closeConnection();
        core.timers.advance(Duration.ofSeconds(10)); // first's seat frees
        spectator.closeConnection();

        var fresh = core.connect("10.0.0.2");
        assertEquals("driver", fresh.next("hello").path("role").asText(), "a free seat is taken as before");
        assertEquals("ack", fresh.request("2", resume(token)).path("type").asText());
        // The other car's connecting may still send a state (of fresh's arrival seat) first.
        JsonNode back = fresh.next(
                m -> state(m) && ProtocolCore.OTHER.equals(m.path("selected").asText()));
        assertEquals("spectator", back.path("role").asText(), "a spectator's place is its selection");
        assertEquals("stop", core.car.next(), "the seat it took on arrival was given up, the car stopped");
        assertEquals(false, back.path("vehicles").get(0).path("driven").asBoolean());
    }

    @Test
    void aGraceThatEndsFreesTheSeatWithTheUsualHandOverAndTheTokenIsSpent() throws Exception {
        var core = core(Map.of("turns.graceSeconds", "4"));
        var driver = core.connect("10.0.0.1");
        var waiting = core.connect("10.0.0.2");
        String token = driver.next("hello").path("resume").asText();
        waiting.next("hello");
        waiting.request("1", "{\"command\":\"claim\"}");
        driver.closeConnection();
        assertEquals("stop", core.car.next());
        core.timers.advance(Duration.ofMillis(3_999));
        assertEquals(
                "queued",
                waiting.drain().stream()
                        .filter(ResumeCoreTest::state)
                        .reduce((x, y) -> y)
                        .orElseThrow()
                        .path("role")
                        .asText());
        core.timers.advance(Duration.ofMillis(1));
        assertEquals("stop", core.car.next(), "every hand-over stops the car");
        assertEquals("driver", waiting.next(ResumeCoreTest::state).path("role").asText());

        var late = core.connect("10.0.0.1");
        late.next("hello");
        late.request("s", "{\"command\":\"select\",\"vehicle\":\"other\"}");
        late.clear();
        assertError(late.request("2", resume(token)), "not_resumable", "2");
        assertEquals(
                "ack", late.request("3", "{\"command\":\"claim\"}").path("type").asText());
        assertEquals(
                ProtocolCore.OTHER,
                late.next(ResumeCoreTest::state).path("selected").asText(),
                "the connection stays as it was");
    }

    @Test
    void anUnknownTokenChangesNothing() throws Exception {
        var core = core(Map.of());
        var a = core.connect("10.0.0.1");
        a.next("hello");
        assertError(a.request("1", resume("not-a-token")), "not_resumable", "1");
        assertError(a.request("2", "{\"command\":\"resume\"}"), "bad_message", "2");
        assertEquals("ack", a.request("3", "{\"command\":\"up\"}").path("type").asText(), "still the driver");
    }

    @Test
    void turnAndIdleLimitsKeepCountingWhileTheSeatIsHeld() throws Exception {
        var core = core(Map.of("turns.idleSeconds", "5", "turns.graceSeconds", "30"));
        var driver = core.connect("10.0.0.1");
        var waiting = core.connect("10.0.0.2");
        String token = driver.next("hello").path("resume").asText();
        waiting.next("hello");
        waiting.request("1", "{\"command\":\"claim\"}");
        driver.closeConnection();
        assertEquals("stop", core.car.next());
        core.timers.advance(Duration.ofSeconds(5));
        assertEquals(
                "driver",
                waiting.next(m -> state(m) && "driver".equals(m.path("role").asText()))
                        .path("role")
                        .asText(),
                "the idle limit ended the held turn");

        var back = core.connect("10.0.0.1");
        back.next("hello");
        assertEquals("ack", back.request("2", resume(token)).path("type").asText());
        assertEquals("spectator", back.next(ResumeCoreTest::state).path("role").asText(), "the place is gone");
    }

    @Test
    void withGraceZeroTheSeatFreesAtOnceAndNothingIsResumable() throws Exception {
        var core = core(Map.of("turns.graceSeconds", "0"));
        var driver = core.connect("10.0.0.1");
        var waiting = core.connect("10.0.0.2");
        String token = driver.next("hello").path("resume").asText();
        waiting.next("hello");
        waiting.request("1", "{\"command\":\"claim\"}");
        driver.closeConnection();
        assertEquals(
                "driver",
                waiting.next(m -> state(m) && "driver".equals(m.path("role").asText()))
                        .path("role")
                        .asText());
        assertError(waiting.request("2", resume(token)), "not_resumable", "2");
    }

    @Test
    void withTokensOnResumingNeedsAuthWithATokenOfTheHeldRole() throws Exception {
        var core = core(Map.of("driverToken", "d", "spectatorToken", "s"));
        var driver = core.connect("10.0.0.1");
        String token = driver.next("hello").path("resume").asText();
        driver.request("a", "{\"command\":\"auth\",\"token\":\"d\"}");
        driver.next(m -> state(m) && "driver".equals(m.path("role").asText()));
        driver.closeConnection();

        var back = core.connect("10.0.0.1");
        back.next("hello");
        assertError(back.request("1", resume(token)), "unauthorized", "1");
        back.request("a", "{\"command\":\"auth\",\"token\":\"s\"}");
        assertError(back.request("2", resume(token)), "unauthorized", "2");
        back.request("a2", "{\"command\":\"auth\",\"token\":\"d\"}");
        assertEquals("ack", back.request("3", resume(token)).path("type").asText(), "not spent by the refusals");
        assertEquals(
                "driver",
                back.next(m -> state(m) && "driver".equals(m.path("role").asText()))
                        .path("role")
                        .asText());
    }
}
