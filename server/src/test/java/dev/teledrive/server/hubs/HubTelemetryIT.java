package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry crosses NATS once per sample, however many watch through however many hubs: a real
 * nats-server, a real site with the simulator (20 Hz), two real hubs, five real WebSocket spectators,
 * and a plain jnats subscriber counting what is on the bus.
 */
class HubTelemetryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPECTATORS_AT_A = 3;
    private static final int SPECTATORS_AT_B = 2;

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // jnats's Connection.close may throw InterruptedException
    void eachSampleCrossesTheBusOnceAndEverySpectatorAtEveryHubGetsIt() throws Exception {
        try (SiteAndHub parts = SiteAndHub.on(tmp).site("home").hub().hub().start();
                Connection listener = Nats.connect(parts.nats().urls())) {
            Teledrive hubA = parts.hub(0);
            Teledrive hubB = parts.hub(1);
            var seqsOnBus = new ConcurrentLinkedQueue<Long>();
            var telemetryInRelays = new AtomicLong();
            listener.createDispatcher(m -> seqsOnBus.add(seq(m.getData())))
                    .subscribe(Subjects.telemetry("home", "simulator"));
            listener.createDispatcher(m -> {
                        Relay r = decode(m.getData());
                        if (r.text() != null && r.text().contains("\"type\":\"telemetry\"")) {
                            telemetryInRelays.incrementAndGet();
                        }
                    })
                    .subscribe("td.site.home.to.*");
            listener.flush(Duration.ofSeconds(5));

            List<WsClient> spectators = new ArrayList<>();
            try {
                for (int i = 0; i < SPECTATORS_AT_A + SPECTATORS_AT_B; i++) {
                    WsClient c = SiteAndHub.listedClient(i < SPECTATORS_AT_A ? hubA : hubB);
                    c.selectConnected("simulator@home");
                    spectators.add(c);
                }
                Map<WsClient, List<Long>> received = new ConcurrentHashMap<>();
                long busBefore = seqsOnBus.size();
                for (WsClient c : spectators) {
                    List<Long> seqs = new ArrayList<>();
                    while (seqs.size() < 40) {
                        JsonNode t = c.next("telemetry");
                        assertEquals("simulator@home", t.path("vehicle").asText(), "rewritten once, for every client");
                        seqs.add(t.path("seq").asLong());
                    }
                    received.put(c, seqs);
                }
                List<Long> onBus = List.copyOf(seqsOnBus);
                assertEquals(
                        onBus.stream().distinct().count(),
                        onBus.size(),
                        "every sample is on the bus once, not once per spectator or per hub");
                for (List<Long> seqs : received.values()) {
                    assertTrue(onBus.containsAll(seqs.subList(0, 20)), "what spectators get is what crossed the bus");
                }
                assertEquals(0, telemetryInRelays.get(), "no telemetry rides on the connections' relay subjects");
                long span = onBus.get(onBus.size() - 1) - onBus.get(0) + 1;
                System.out.printf(
                        "HubTelemetryIT: %d spectators on 2 hubs; %d samples on %s for a seq span of %d "
                                + "(%d while the spectators counted 40 each)%n",
                        spectators.size(),
                        onBus.size(),
                        Subjects.telemetry("home", "simulator"),
                        span,
                        onBus.size() - busBefore);
            } finally {
                spectators.forEach(WsClient::close);
            }
            // Nobody watches any more: the site stops sending (it publishes only for relayed watchers).
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int last = -1;
            while (System.nanoTime() < deadline) {
                int now = seqsOnBus.size();
                if (now == last) {
                    break;
                }
                last = now;
                Thread.sleep(1000);
            }
            assertEquals(last, seqsOnBus.size(), "the site went quiet once nobody watched");
        }
    }

    private static long seq(byte[] sample) {
        try {
            return JSON.readTree(sample).path("seq").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Relay decode(byte[] bytes) {
        try {
            return Relay.decode(bytes, 1 << 20);
        } catch (dev.teledrive.server.bus.BusMessageException e) {
            throw new AssertionError(e);
        }
    }
}
