package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * States published in rounds, as the server's state thread does: changes that arrive while a round
 * waits fold into it, each connection hears its newest state once, and nobody misses a change.
 */
class StateRoundsTest {

    /** The state thread, run by hand: the rounds queued so far. */
    private final Queue<Runnable> rounds = new ArrayDeque<>();

    private final Executor stateSender = rounds::add;
    private ProtocolCore core;

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    private static List<JsonNode> states(ProtocolCore.Client client) throws Exception {
        return client.drain().stream()
                .filter(m -> "state".equals(m.path("type").asText()))
                .toList();
    }

    private void runRounds() {
        for (Runnable r; (r = rounds.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void claimsThatComeTogetherCostOneStateEachAndTheLastOneTellsTheWholeQueue() throws Exception {
        core = new ProtocolCore(Map.of(), stateSender);
        var driver = core.connect("10.0.0.1");
        var waiters = List.of(core.connect("10.0.0.2"), core.connect("10.0.0.3"), core.connect("10.0.0.4"));
        var watcher = core.connect("10.0.0.5");
        runRounds();
        for (var c : List.of(driver, waiters.get(0), waiters.get(1), waiters.get(2), watcher)) {
            c.clear();
        }

        for (int i = 0; i < waiters.size(); i++) {
            assertEquals(
                    "ack",
                    waiters.get(i)
                            .request("c" + i, "{\"command\":\"claim\"}")
                            .path("type")
                            .asText());
        }
        assertEquals(1, rounds.size(), "three claims, one round");
        runRounds();

        for (int i = 0; i < waiters.size(); i++) {
            List<JsonNode> got = states(waiters.get(i));
            assertEquals(1, got.size(), "waiter " + i + " hears one state");
            assertEquals("queued", got.get(0).path("role").asText());
            assertEquals(i + 1, got.get(0).path("queue").path("position").asInt());
            assertEquals(3, got.get(0).path("queue").path("length").asInt());
        }
        List<JsonNode> seen = states(watcher);
        assertEquals(1, seen.size());
        assertEquals(3, seen.get(0).path("queue").path("length").asInt(), "the newest queue, not the first");
        assertEquals(1, states(driver).size());
    }

    @Test
    void aNewcomerIsSparedTheStateItsHelloShowedButHearsEveryLaterChange() throws Exception {
        core = new ProtocolCore(Map.of(), stateSender);
        var watcher = core.connect("10.0.0.1"); // the first comer drives: it lets go and watches
        assertEquals(
                "ack",
                watcher.request("r", "{\"command\":\"release\"}").path("type").asText());
        runRounds();
        watcher.clear();

        // A newcomer takes the free seat: its hello says so, the round tells only the others.
        var driver = core.connect("10.0.0.2");
        assertEquals("driver", driver.next("hello").path("role").asText());
        runRounds();
        assertTrue(states(driver).isEmpty(), "the hello already said it drives");
        assertEquals(1, states(watcher).size());

        // A change after its hello, folded into a round with the one its hello showed, reaches it.
        var third = core.connect("10.0.0.3");
        third.next("hello");
        assertEquals(
                "ack",
                third.request("q", "{\"command\":\"claim\"}").path("type").asText());
        runRounds();
        List<JsonNode> told = states(driver);
        assertEquals(1, told.size());
        assertEquals(1, told.get(0).path("queue").path("length").asInt());
    }

    @Test
    void aVehicleThatChangesForEveryoneStillCostsOneRound() throws Exception {
        core = new ProtocolCore(Map.of(), stateSender);
        var a = core.connect("10.0.0.1");
        var b = core.connect("10.0.0.2");
        runRounds();
        a.clear();
        b.clear();

        // The other vehicle opens (connecting, then connected): both are changes every list shows.
        assertEquals(
                "ack",
                b.request("s", "{\"command\":\"select\",\"vehicle\":\"other\"}")
                        .path("type")
                        .asText());
        core.other.await("open");
        core.awaitConnected(ProtocolCore.OTHER);
        assertTrue(rounds.size() <= 1, "its link's changes share a round");
        runRounds();
        List<JsonNode> toA = states(a);
        assertEquals(1, toA.size());
        assertEquals(
                "connected", toA.get(0).path("vehicles").get(1).path("state").asText());
    }
}
