package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Protocol version 2's vehicles, seats, queues and turns, in memory on a manual clock. */
class FleetCoreTest {

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

    private static String ack(JsonNode reply) {
        return reply.path("type").asText()
                + (reply.has("code") ? ":" + reply.path("code").asText() : "");
    }

    @Test
    void twoDriversDriveTwoVehiclesAtOnceEachStoppedOnItsOwnDisconnect() throws Exception {
        var core = core(Map.of());
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        assertEquals("driver", a.next("hello").path("role").asText());
        b.next("hello");
        assertEquals("ack", ack(b.request("1", "{\"command\":\"select\",\"vehicle\":\"other\"}")));
        core.other.await("open");
        // The select is answered before the vehicle connects. If it connects before the select's own
        // state goes out, that one state shows both: wait for the state that does, not for two.
        JsonNode connected =
                b.next(m -> ProtocolCore.OTHER.equals(m.path("selected").asText())
                        && WsClient.showing(ProtocolCore.OTHER, "connected").test(m));
        assertEquals("spectator", connected.path("role").asText(), "selecting is not claiming");
        assertEquals("ack", ack(b.request("2", "{\"command\":\"claim\"}")));
        b.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));

        assertEquals("ack", ack(a.request("3", "{\"command\":\"up\"}")));
        assertEquals("ack", ack(b.request("4", "{\"command\":\"down\"}")));
        assertEquals("up", core.car.next());
        assertEquals("down", core.other.next());
        assertEquals("ack", ack(b.request("4b", "{\"command\":\"raw\",\"data\":7,\"duration\":0.5}")));
        assertEquals("raw:7", core.other.next());

        b.closeConnection();
        assertEquals("stop", core.other.next(), "b's car stops when b goes");
        assertEquals("ack", ack(a.request("5", "{\"command\":\"left\"}")), "a drives on");
        assertEquals("left", core.car.next());
    }

    @Test
    void aTurnEndsWhileSomeoneWaitsAndTheDriverGoesToTheBack() throws Exception {
        var core = core(Map.of("turns.seconds", "60", "turns.idleSeconds", "0"));
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        a.next("hello");
        b.next("hello");
        core.timers.advance(Duration.ofMinutes(5)); // alone, a keeps the car as long as it likes
        assertEquals("ack", ack(b.request("1", "{\"command\":\"claim\"}")));
        // The second that paced b's arrival ended in the advance: a state counting both came before.
        JsonNode waiting = b.next(m -> "state".equals(m.path("type").asText())
                && m.path("queue").path("length").asInt() == 1);
        assertEquals("queued", waiting.path("role").asText());
        long endsAt = waiting.path("turnEndsAt").asLong();
        assertEquals(core.clock.millis() + 60_000, endsAt, "a full turn from when someone waits");
        assertEquals("ack", ack(a.request("2", "{\"command\":\"up\",\"duration\":2}")));
        assertEquals("up", core.car.next());

        core.timers.advance(Duration.ofSeconds(59));
        assertTrue(core.control.hasDriver());
        assertEquals("ack", ack(a.request("2b", "{\"command\":\"horn\"}")), "still a's turn");
        core.timers.advance(Duration.ofSeconds(1));
        assertEquals("stop", core.car.next(), "the vehicle stops before the hand-over");
        JsonNode now = b.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        assertEquals("driver", now.path("role").asText());
        JsonNode back = a.next(m -> "state".equals(m.path("type").asText())
                && "queued".equals(m.path("role").asText()));
        assertEquals(1, back.path("queue").path("position").asInt());
        assertError(a.request("3", "{\"command\":\"up\"}"), "not_driver", "3");
    }

    @Test
    void anIdleDriverLosesTheSeatWhileSomeoneWaits() throws Exception {
        var core = core(Map.of("turns.idleSeconds", "30"));
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        a.next("hello");
        b.next("hello");
        b.request("1", "{\"command\":\"claim\"}");
        core.timers.advance(Duration.ofSeconds(20));
        a.request("2", "{\"command\":\"up\"}"); // a command that moves the car restarts the idle clock
        core.timers.advance(Duration.ofSeconds(29));
        assertEquals("ack", ack(a.request("3", "{\"command\":\"horn\"}")), "still a's car");
        core.timers.advance(Duration.ofSeconds(30));
        b.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        JsonNode idle = a.next(m ->
                "state".equals(m.path("type").asText()) && !m.path("driver").asBoolean());
        assertEquals("spectator", idle.path("role").asText(), "an idle driver is not queued again");
    }

    @Test
    void aClaimBeyondAnAddresssPlacesIsRateLimitedWithAReason() throws Exception {
        var core = core(Map.of("turns.placesPerAddress", "2"));
        var driver = core.connect("10.0.0.1");
        driver.next("hello");
        for (int i = 1; i <= 2; i++) {
            var tab = core.connect("10.0.0.66");
            tab.next("hello");
            assertEquals("ack", ack(tab.request("c" + i, "{\"command\":\"claim\"}")));
        }
        var third = core.connect("10.0.0.66");
        third.next("hello");
        JsonNode refused = third.request("c3", "{\"command\":\"claim\"}");
        assertEquals("rate_limited", refused.path("code").asText(), refused.toString());
        assertTrue(refused.path("message").asText().contains("turns.placesPerAddress"), refused.toString());
        var honest = core.connect("10.0.0.2");
        honest.next("hello");
        assertEquals("ack", ack(honest.request("c4", "{\"command\":\"claim\"}")));
        assertEquals(3, honest.next("state").path("queue").path("position").asInt());
    }

    @Test
    void stopsPingsAndActionsDoNotHoldTheSeatWhileSomeoneWaits() throws Exception {
        var core = core(Map.of("turns.idleSeconds", "30"));
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        a.next("hello");
        b.next("hello");
        b.request("1", "{\"command\":\"claim\"}");
        for (int i = 0; i < 3; i++) {
            core.timers.advance(Duration.ofSeconds(10));
            a.request("s" + i, "{\"command\":\"stop\"}");
            a.request("p" + i, "{\"command\":\"ping\"}");
            a.request("h" + i, "{\"command\":\"horn\"}");
        }
        b.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
    }

    @Test
    void anUnknownVehicleIsRefusedAndTheConnectionKeepsItsOwn() throws Exception {
        var core = core(Map.of());
        var a = core.connect("10.0.0.1");
        a.next("hello");
        assertError(a.request("1", "{\"command\":\"select\",\"vehicle\":\"nowhere\"}"), "vehicle_unavailable", "1");
        assertEquals("ack", ack(a.request("2", "{\"command\":\"up\"}")), "still driving its own");
        assertEquals("up", core.car.next());
    }

    @Test
    void aDriverWhoSwitchesCarsStopsTheOldOneAndDrivesAFreeNewOne() throws Exception {
        var core = core(Map.of());
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        a.next("hello");
        b.next("hello");
        b.request("1", "{\"command\":\"claim\"}");
        a.request("2", "{\"command\":\"up\",\"duration\":2}");
        assertEquals("up", core.car.next());
        assertEquals("ack", ack(a.request("3", "{\"command\":\"select\",\"vehicle\":\"other\"}")));
        assertEquals("stop", core.car.next(), "the old car stops");
        // The new car's connecting may send a state between the select's watch and its taking the
        // seat along (a spectator for an instant): wait for the seat, not for the first state.
        a.next(m -> "state".equals(m.path("type").asText())
                && ProtocolCore.OTHER.equals(m.path("selected").asText())
                && "driver".equals(m.path("role").asText()));
        JsonNode drives = b.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        assertEquals(0, drives.path("queue").path("length").asInt(), "the queue is empty again: " + drives);
    }

    @Test
    void aWaitingConnectionThatLeavesLeavesNoHoleAndTheAdminRules() throws Exception {
        var core = core(Map.of("driverToken", "d", "adminToken", "boss"));
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        var c = core.connect("10.0.0.3");
        var admin = core.connect("10.0.0.4");
        for (var client : new ProtocolCore.Client[] {a, b, c}) {
            client.next("hello");
            client.request("auth", "{\"command\":\"auth\",\"token\":\"d\"}");
        }
        admin.next("hello");
        admin.request("auth", "{\"command\":\"auth\",\"token\":\"boss\"}");
        b.request("1", "{\"command\":\"claim\"}");
        c.request("2", "{\"command\":\"claim\"}");
        b.closeConnection();
        core.timers.advance(Duration.ofSeconds(10)); // nobody resumed b's place
        JsonNode next = c.next(m -> "state".equals(m.path("type").asText())
                && m.path("queue").path("position").asInt() == 1);
        assertEquals(1, next.path("queue").path("length").asInt());

        assertError(c.request("3", "{\"command\":\"skip\"}"), "not_driver", "3");
        assertEquals("ack", ack(admin.request("4", "{\"command\":\"skip\"}")));
        c.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        c.clear(); // c's own claim once made a state of this shape too
        assertEquals("ack", ack(admin.request("5", "{\"command\":\"claim\"}")));
        JsonNode front = c.next(m -> "state".equals(m.path("type").asText())
                && "queued".equals(m.path("role").asText())
                && m.path("queue").path("length").asInt() == 2);
        assertEquals(1, front.path("queue").path("position").asInt(), "the displaced driver goes to the front");
        assertTrue(core.control.hasDriver());
    }

    @Test
    void aClientThatNeverSelectsDrivesTheDefaultVehicleAsInVersionOne() throws Exception {
        var core = core(Map.of());
        var legacy = core.connect("10.0.0.1");
        JsonNode hello = legacy.next("hello");
        assertEquals(RecordingVehicle.ID, hello.path("selected").asText());
        assertEquals("driver", hello.path("role").asText());
        assertEquals("ack", ack(legacy.request("1", "{\"command\":\"up\"}")));
        assertEquals("up", core.car.next());
    }

    @Test
    void claimsFromTwoHundredAtOnceAreEachAnsweredOnceAndQueueWithoutGapsOrTwins() throws Exception {
        var core = core(Map.of("limits.connections", "0", "limits.connectionsPerAddress", "0"));
        var driver = core.connect("10.0.0.1");
        driver.next("hello");
        int n = 200;
        var clients = new java.util.ArrayList<ProtocolCore.Client>();
        for (int i = 0; i < n; i++) {
            var c = core.connect("10.1." + (i / 250) + "." + (i % 250));
            c.next("hello");
            clients.add(c);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        var claims = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (var c : clients) {
            claims.add(pool.submit(() -> {
                c.send("{\"command\":\"claim\",\"id\":\"c\"}");
                return null;
            }));
        }
        for (var f : claims) {
            f.get();
        }
        pool.shutdown();
        for (var c : clients) {
            assertEquals("ack", c.reply("c").path("type").asText());
        }
        assertEquals(n, core.control.desk().seatReport(RecordingVehicle.ID).queue());
        driver.closeConnection();
        core.timers.advance(Duration.ofSeconds(10)); // the held seat frees: one more state for everyone
        var positions = new java.util.TreeSet<Integer>();
        int drivers = 0;
        for (var c : clients) {
            JsonNode last = null;
            for (JsonNode m : c.drain()) {
                assertTrue(!"c".equals(m.path("id").asText()), "each claim is answered once");
                if ("state".equals(m.path("type").asText())) {
                    last = m;
                }
            }
            if ("driver".equals(last.path("role").asText())) {
                drivers++;
            } else {
                assertTrue(positions.add(last.path("queue").path("position").asInt()), "no two share a place");
            }
        }
        assertEquals(1, drivers, "the first in line drives");
        assertEquals(n - 1, positions.size());
        assertEquals(1, positions.first());
        assertEquals(n - 1, positions.last(), "no gaps");
    }
}
