package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.support.RawWebSocket;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub's client that reads nothing for a while gets the newest sample when it reads again, never a
 * queue of every sample it missed, and the hub's other clients are not held up: the version 2
 * latest-wins outbox, at a hub. Samples are put on the bus by the test, as a site would, large and
 * fast enough to fill every socket buffer between the hub and the stalled client.
 */
class HubSlowViewerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 2000;
    private static final long FIRST_SEQ = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // jnats's Connection.close may throw InterruptedException
    void aStalledClientAtAHubGetsTheNewestSampleNotABacklog() throws Exception {
        try (SiteAndHub parts = SiteAndHub.on(tmp).site("home").hub().start();
                Connection site = Nats.connect(parts.nats().urls())) {
            Teledrive hub = parts.hub();
            URI ws = URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws");
            try (WsClient fast = SiteAndHub.listedClient(hub);
                    RawWebSocket slow = RawWebSocket.connect(ws)) {
                fast.selectConnected("recorder@home"); // the recorder sends no telemetry of its own
                readUntil(slow, m -> "hello".equals(m.path("type").asText()));
                slow.writeTogether(
                        RawWebSocket.textFrame("{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":\"s\"}"));
                readUntil(
                        slow,
                        m -> "state".equals(m.path("type").asText())
                                && "recorder@home".equals(m.path("selected").asText()));
                // From here on the slow client reads nothing until every sample has been sent.

                String pad = "x".repeat(16_000);
                for (int i = 0; i < SAMPLES; i++) {
                    site.publish(
                            Subjects.telemetry("home", "recorder"),
                            ("{\"type\":\"telemetry\",\"vehicle\":\"recorder\",\"seq\":" + (FIRST_SEQ + i)
                                            + ",\"t\":0,\"pad\":\"" + pad + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(1); // at a pace the hub's fan-out keeps up with: the reading client gets them all
                }
                site.flush(Duration.ofSeconds(10));
                long last = FIRST_SEQ + SAMPLES - 1;
                int fastGot = 0;
                while (true) {
                    JsonNode t =
                            fast.poll(m -> "telemetry".equals(m.path("type").asText()), Duration.ofSeconds(30));
                    assertTrue(t != null, "the client that reads got every sample up to the newest");
                    fastGot++;
                    if (t.path("seq").asLong() == last) {
                        break;
                    }
                }

                int slowGot = 0;
                while (true) {
                    JsonNode t = readUntil(
                            slow, m -> "telemetry".equals(m.path("type").asText()));
                    slowGot++;
                    if (t.path("seq").asLong() == last) {
                        break;
                    }
                }
                System.out.printf(
                        "HubSlowViewerIT: %d samples of 16 kB on the bus; the client that read got %d, the stalled one %d%n",
                        SAMPLES, fastGot, slowGot);
                assertTrue(
                        slowGot < SAMPLES / 2 && slowGot < fastGot,
                        "the stalled client skipped what it could not take (" + slowGot + " of " + SAMPLES
                                + ", the other got " + fastGot + ")");
            }
        }
    }

    /** Reads frames until one matches; a close frame fails the test. */
    private static JsonNode readUntil(RawWebSocket ws, java.util.function.Predicate<JsonNode> wanted) throws Exception {
        while (true) {
            RawWebSocket.Frame f = ws.read();
            assertNotEquals(RawWebSocket.Frame.CLOSE, f.opcode(), "the hub closed the stalled client");
            JsonNode m = JSON.readTree(f.text());
            if (wanted.test(m)) {
                return m;
            }
        }
    }
}
