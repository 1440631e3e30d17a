package dev.teledrive.server.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetryObject;
import dev.teledrive.api.TelemetrySink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryHubTest {

    private static final Telemetry SAMPLE = Telemetry.builder()
            .put("speed", 0.5)
            .put("moving", true)
            .put("mode", "up")
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final RecordingFanout fanout = new RecordingFanout();
    private final AtomicInteger dropped = new AtomicInteger();
    private final TelemetryHub hub =
            new TelemetryHub(Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC), fanout, dropped::incrementAndGet);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aSampleBecomesOneProtocolMessage() throws Exception {
        hub.sinkFor("sim").publish(SAMPLE);
        JsonNode m = json.readTree(fanout.next());
        assertEquals("telemetry", m.get("type").asText());
        assertEquals("sim", m.get("vehicle").asText());
        assertEquals(1, m.get("seq").asLong());
        assertEquals(1234, m.get("t").asLong());
        assertEquals(0.5, m.get("speed").asDouble());
        assertTrue(m.get("moving").asBoolean());
        assertEquals("up", m.get("mode").asText());
    }

    @Test
    void aListOfObjectsBecomesAJsonArrayOfObjects() throws Exception {
        var other = TelemetryObject.builder()
                .put("vehicle", "sim-b")
                .put("x", 1.25)
                .put("level", 3L)
                .put("wall", true)
                .build();
        var sample = Telemetry.builder()
                .put("x", 0.5)
                .putList("others", List.of(other))
                .putList("none", List.of())
                .build();
        JsonNode m = json.readTree(hub.encode("sim-a", 7, 1234, sample));
        JsonNode others = m.get("others");
        assertTrue(others.isArray());
        assertEquals(1, others.size());
        assertEquals("sim-b", others.get(0).get("vehicle").asText());
        assertEquals(1.25, others.get(0).get("x").asDouble());
        assertTrue(others.get(0).get("level").isIntegralNumber());
        assertTrue(others.get(0).get("wall").asBoolean());
        assertTrue(m.get("none").isArray());
        assertEquals(0, m.get("none").size());
        assertEquals("sim-a", m.get("vehicle").asText(), "an item's vehicle never replaces the envelope's");
    }

    @Test
    void nothingIsEncodedWithoutAnAudienceButSeqKeepsCounting() throws Exception {
        TelemetrySink sink = hub.sinkFor("sim");
        fanout.audience = false;
        sink.publish(SAMPLE);
        sink.publish(SAMPLE);
        fanout.audience = true;
        sink.publish(SAMPLE);
        assertEquals(3, json.readTree(fanout.next()).get("seq").asLong());
        assertEquals(List.of(), List.copyOf(fanout.sent));
    }

    @Test
    void onlyWatchedVehiclesAreHeard() throws Exception {
        fanout.watched.add("sim");
        hub.sinkFor("background").publish(SAMPLE);
        hub.sinkFor("sim").publish(SAMPLE);
        assertEquals("sim", json.readTree(fanout.next()).get("vehicle").asText());
        assertEquals(List.of(), List.copyOf(fanout.sent));
    }

    @Test
    void oneVehiclesBacklogNeverHidesAnothersSample() throws Exception {
        TelemetrySink a = hub.sinkFor("a");
        TelemetrySink b = hub.sinkFor("b");
        fanout.gate = new CountDownLatch(1);
        a.publish(SAMPLE); // the fan-out thread takes it and blocks
        assertEquals("a", json.readTree(fanout.next()).get("vehicle").asText());
        a.publish(SAMPLE);
        b.publish(SAMPLE); // waits beside a's newest, not in its place
        a.publish(SAMPLE);
        fanout.gate.countDown();
        var vehicles = new java.util.HashSet<String>();
        vehicles.add(json.readTree(fanout.next()).get("vehicle").asText());
        vehicles.add(json.readTree(fanout.next()).get("vehicle").asText());
        assertEquals(java.util.Set.of("a", "b"), vehicles);
    }

    @Test
    void aSlowFanoutSkipsToTheNewestSampleAndNeverRunsOnTheVehicleThread() throws Exception {
        TelemetrySink sink = hub.sinkFor("sim");
        fanout.gate = new CountDownLatch(1);
        sink.publish(SAMPLE); // seq 1: the fan-out thread takes it and blocks
        assertEquals(1, json.readTree(fanout.next()).get("seq").asLong());
        for (int i = 0; i < 10; i++) {
            sink.publish(SAMPLE); // returns at once although the fan-out is stuck
        }
        fanout.gate.countDown();
        assertEquals(11, json.readTree(fanout.next()).get("seq").asLong());
        assertEquals("telemetry-fanout", fanout.thread);
        assertEquals(9, dropped.get(), "seq 2 to 10 reached nobody, and each was counted");
    }

    @Test
    void afterCloseSamplesAreDropped() throws Exception {
        hub.close();
        hub.sinkFor("sim").publish(SAMPLE);
        assertEquals(null, fanout.sent.poll(100, TimeUnit.MILLISECONDS));
    }

    private static final class RecordingFanout implements TelemetryFanout {
        final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
        volatile boolean audience = true;
        /** The vehicles someone watches; the others' samples are not even encoded. */
        final java.util.Set<String> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();

        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile String thread;

        @Override
        public boolean hasAudience(String vehicleId) {
            return audience && (watched.isEmpty() || watched.contains(vehicleId));
        }

        @Override
        public void broadcast(String vehicleId, ByteBuffer utf8) {
            thread = Thread.currentThread().getName();
            sent.add(StandardCharsets.UTF_8.decode(utf8.slice()).toString());
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String next() throws InterruptedException {
            String m = sent.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no telemetry was broadcast");
            }
            return m;
        }
    }
}
