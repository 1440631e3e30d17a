package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every watcher's {@code spectators} count kept fresh by the server alone, in memory on a manual
 * clock: a crowd that arrives or leaves costs the watchers a round or two, never one state a
 * newcomer, and a seat change inside the paced second still goes at once.
 */
class AudienceRoundsTest {

    private static final int CROWD = 500;

    /** Rounds of states, each run at once on the changing thread, as the server runs them. */
    private final AtomicInteger rounds = new AtomicInteger();

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

    /** The newest count this client holds, from its last state or else its hello. */
    private static int heldCount(ProtocolCore.Client client) throws Exception {
        JsonNode last = null;
        for (JsonNode m : client.drain()) {
            String type = m.path("type").asText();
            if ("hello".equals(type) || "state".equals(type)) {
                last = m;
            }
        }
        return last == null ? -1 : last.path("spectators").asInt();
    }

    private static String address(int i) {
        return "10.1." + (i / 200) + "." + (i % 200 + 1);
    }

    @Test
    void aCrowdArrivingAndLeavingCostsTheWatchersAFewRoundsAndLeavesEveryCountRight() throws Exception {
        core = new ProtocolCore(Map.of("limits.connections", "0", "limits.connectionsPerAddress", "0"), r -> {
            rounds.incrementAndGet();
            r.run();
        });
        var driver = core.connect("10.0.0.1");
        var watcher = core.connect("10.0.0.2");
        core.timers.advance(Duration.ofSeconds(5));
        driver.clear();
        watcher.clear();
        rounds.set(0);

        List<ProtocolCore.Client> crowd = new ArrayList<>();
        for (int i = 0; i < CROWD; i++) {
            crowd.add(core.connect(address(i)));
        }
        core.timers.advance(AudienceRounds.GAP);
        assertTrue(rounds.get() <= 2, "500 arrivals, " + rounds.get() + " rounds");
        List<JsonNode> heard = states(watcher);
        assertTrue(heard.size() <= 2, "the watcher heard " + heard.size() + " states");
        assertEquals(CROWD + 2, heard.get(heard.size() - 1).path("spectators").asInt());
        for (int i = 0; i < CROWD; i++) {
            assertEquals(CROWD + 2, heldCount(crowd.get(i)), "newcomer " + i + " holds the whole count");
        }
        assertEquals(CROWD + 2, heldCount(driver));

        // Inside the paced second a seat change still goes at once.
        crowd.get(0).closeConnection();
        assertEquals(
                "ack",
                watcher.request("c", "{\"command\":\"claim\"}").path("type").asText());
        List<JsonNode> seat = states(driver);
        assertEquals(1, seat.get(seat.size() - 1).path("queue").path("length").asInt(), "no waiting for the queue");

        rounds.set(0);
        for (int i = 1; i < CROWD; i++) {
            crowd.get(i).closeConnection();
        }
        core.timers.advance(AudienceRounds.GAP);
        assertTrue(rounds.get() <= 2, "499 departures, " + rounds.get() + " rounds");
        assertEquals(2, heldCount(driver));
        assertEquals(2, heldCount(watcher));
    }

    @Test
    void aLoneArrivalIsToldWithoutWaitingAndTheNextOneWhenItsSecondEnds() throws Exception {
        core = new ProtocolCore(Map.of());
        var driver = core.connect("10.0.0.1");
        driver.next("hello");
        core.timers.advance(Duration.ofSeconds(5));
        driver.clear(); // the state of its own arrival
        var watcher = core.connect("10.0.0.2");
        core.timers.advance(AudienceRounds.SETTLE); // the round runs on the timers' thread, not the newcomer's
        assertEquals(2, driver.next("state").path("spectators").asInt());
        assertEquals(2, watcher.next("hello").path("spectators").asInt());

        assertEquals(
                "ack",
                watcher.request("s", "{\"command\":\"select\",\"vehicle\":\"other\"}")
                        .path("type")
                        .asText());
        core.timers.advance(AudienceRounds.GAP); // the second round this second waits for the second's end
        assertEquals(
                1,
                driver.next(m -> "state".equals(m.path("type").asText())
                                && m.path("spectators").asInt() == 1)
                        .path("spectators")
                        .asInt());
    }
}
