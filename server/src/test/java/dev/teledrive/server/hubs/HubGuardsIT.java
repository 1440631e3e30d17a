package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RawHttp;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Nats;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public-URL guard of a plain server holds at a hub, before anything reaches NATS (PROTOCOL.md:
 * "Every public-URL rule of versions 1 and 2 holds at a hub"): connection caps, origin check, message
 * rate, frame size with the owed replies before 1009, and behind a proxy the nearest proxy's address,
 * which is also what the site is told.
 */
class HubGuardsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    private NatsServers nats;
    private Teledrive hub;

    @BeforeEach
    void start() throws Exception {
        // the site limits no rate: whatever is limited here, the hub limited
        parts = SiteAndHub.on(tmp)
                .site("home", Map.of("limits.messagesPerSecond", "0"))
                .start();
        nats = parts.nats();
        hub = startHub(Map.of(
                "limits.connections", "3",
                "limits.connectionsPerAddress", "2",
                "limits.messagesPerSecond", "1",
                "limits.burst", "3"));
    }

    /** A hub that has heard the site: its clients start at the site, as every guard here needs. */
    private Teledrive startHub(Map<String, String> more) throws Exception {
        return SiteAndHub.hearing(parts.startHub(more), 1);
    }

    private URI ws(Teledrive server) {
        return URI.create(server.uri().toString().replaceFirst("^http", "ws") + "ws");
    }

    private String host() {
        return "127.0.0.1:" + hub.uri().getPort();
    }

    @Test
    void theConnectionCapsCountTheHubsClients() throws Exception {
        try (WsClient one = WsClient.connect(ws(hub));
                WsClient two = WsClient.connect(ws(hub))) {
            one.next("hello");
            two.next("hello");
            assertEquals(
                    429,
                    RawHttp.status(hub.uri(), "127.0.0.1", RawHttp.upgradeRequest("/ws", host(), null)),
                    "a third from one address");
            try (Socket third = RawHttp.open(hub.uri(), "127.0.0.2")) {
                RawHttp.write(third, RawHttp.upgradeRequest("/ws", host(), null));
                InputStream in = third.getInputStream();
                assertEquals("HTTP/1.1 101 Switching Protocols", statusLine(in));
                while (!statusLine(in).isEmpty()) {
                    // the rest of the upgrade's headers
                }
                in.read(); // the first byte of its hello: the hub holds it now
                assertEquals(
                        503,
                        RawHttp.status(hub.uri(), "127.0.0.3", RawHttp.upgradeRequest("/ws", host(), null)),
                        "a fourth in all");
            }
        }
    }

    @Test
    void aConnectionSilentBothWaysIsClosedAfterTheIdleLimit() throws Exception {
        try (Teledrive quiet = startHub(Map.of("limits.idleSeconds", "5"));
                WsClient c = WsClient.connect(ws(quiet))) {
            c.next("hello");
            // the test vehicle sends no telemetry: from its ack on, nothing moves either way
            c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}");
            for (int i = 0; i < 150 && !c.isClosed(); i++) {
                Thread.sleep(100);
            }
            assertEquals(1001, c.closeCode(), "going away: idle for limits.idleSeconds");
        }
    }

    @Test
    void aClientThatReadsNothingIsLetGoOnceItLeavesTooManyFramesUnread() throws Exception {
        try (Teledrive flooded = startHub(Map.of("limits.messagesPerSecond", "0"))) {
            // a listener that never asks for a message: nothing is read after the upgrade
            WebSocket deaf = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(ws(flooded), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {}
                    })
                    .get(10, TimeUnit.SECONDS);
            String ping = "{\"command\":\"ping\",\"t\":\"" + "x".repeat(3800) + "\"}";
            int sent = 0;
            // 1024 queued pongs of 4 KB, and what the kernel's buffers hold, are far below 24 MB
            try {
                while (sent < 6000 && (sent % 200 != 0 || connections(flooded) > 0)) {
                    deaf.sendText(ping, true).get(10, TimeUnit.SECONDS);
                    sent++;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the hub ended the connection, or stopped reading it, while pings were still going out
            }
            for (int i = 0; i < 100 && connections(flooded) > 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(0, connections(flooded), "let go after " + sent + " pongs left unread");
            deaf.abort();
        }
    }

    @Test
    void aPageFromAnotherOriginIsRefused() throws Exception {
        assertEquals(
                403,
                RawHttp.status(hub.uri(), "127.0.0.1", RawHttp.upgradeRequest("/ws", host(), "https://evil.example")));
    }

    @Test
    void messagesOverTheRateAreAnsweredAtTheHubAndStopIsNeverLimited() throws Exception {
        try (WsClient c = WsClient.connect(ws(hub))) {
            c.next("hello");
            for (int i = 1; i <= 6; i++) {
                c.send("{\"command\":\"ping\",\"t\":1,\"id\":" + i + "}");
            }
            // the site allows 120 a second: only the hub limits at 1 (bursts of 3)
            JsonNode refused = c.next(m -> "error".equals(m.path("type").asText()));
            assertEquals("rate_limited", refused.path("code").asText());
            assertNotNull(refused.get("id"), "the refused message's id comes back");
            JsonNode stop = c.request(7, "{\"command\":\"stop\",\"id\":7}");
            assertNotEquals("rate_limited", stop.path("code").asText(), "stop is never rate-limited: " + stop);
            Matcher counted = Pattern.compile("teledrive_errors_total\\{code=\"rate_limited\",?} (\\S+)")
                    .matcher(HTTP.send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    hub.uri().resolve("/metrics"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body());
            assertTrue(counted.find(), "the hub's /metrics has teledrive_errors_total for rate_limited");
            assertTrue(Double.parseDouble(counted.group(1)) >= 1, "the hub's own refusals are counted as a site's are");
        }
    }

    @Test
    @SuppressWarnings("try") // InterruptedException from closing the NATS listener is the test's
    void aFloodOfStopsIsAllAnsweredButOnlyAFewCrossTheBusAndAStopAfterAnythingElseAlwaysGoes() throws Exception {
        try (var listener = Nats.connect(nats.urls());
                WsClient c = WsClient.connect(ws(hub))) {
            var toSite = listener.subscribe("td.hub.*.to.home");
            listener.flush(Duration.ofSeconds(5));
            assertEquals("driver", c.next("hello").path("role").asText(), "the first client drives");
            int flood = 100;
            for (int i = 1; i <= flood; i++) {
                c.send("{\"command\":\"stop\",\"id\":" + i + "}");
            }
            for (int i = 1; i <= flood; i++) {
                JsonNode reply = c.reply(i);
                assertEquals("ack", reply.path("type").asText(), "stop " + i + " is never refused: " + reply);
            }
            assertEquals(
                    "ack",
                    c.request(101, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":101}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    c.request(102, "{\"command\":\"stop\",\"id\":102}")
                            .path("type")
                            .asText());
            int stops = 0;
            String lastText = null;
            for (var m = toSite.nextMessage(Duration.ofSeconds(1));
                    m != null;
                    m = toSite.nextMessage(Duration.ofMillis(500))) {
                JsonNode relay = JSON.readTree(m.getData());
                if ("text".equals(relay.path("op").asText())) {
                    lastText = relay.path("text").asText();
                    stops += lastText.contains("\"stop\"") ? 1 : 0;
                }
            }
            System.out.println("HubGuardsIT: " + stops + " of " + (flood + 1) + " stops crossed the bus");
            // 3 from the stops' own bucket (burst 3, 1 a second), then one whenever something else went between
            assertTrue(stops >= 2 && stops <= 10, stops + " of " + (flood + 1) + " stops crossed the bus");
            assertEquals("{\"command\":\"stop\",\"id\":102}", lastText, "the stop after the drive reached the site");
        }
    }

    @Test
    void aHubRefusesAFrameLimitLargerThanASiteTakes() {
        Exception e = assertThrows(Exception.class, () -> startHub(Map.of("limits.frameBytes", "1048576")));
        Throwable cause = e;
        while (cause != null && !(cause instanceof ConfigurationException)) {
            cause = cause.getCause();
        }
        assertNotNull(cause, "a configuration error: " + e);
        assertTrue(cause.getMessage().contains("limits.frameBytes"), cause.getMessage());
        assertTrue(cause.getMessage().contains("at most " + Hub.MAX_FRAME_BYTES), cause.getMessage());
    }

    @Test
    void aMessageTooLargeForTheBusOnceEscapedIsAnsweredAtTheHubNotLost() throws Exception {
        try (Teledrive large = startHub(Map.of("limits.frameBytes", Integer.toString(Hub.MAX_FRAME_BYTES)));
                WsClient c = WsClient.connect(ws(large))) {
            c.next("hello");
            // 30,000 quotes: 60 KB as the client sends them, twice that once escaped again for the bus
            String quotes = "\\\"".repeat(30_000);
            c.send("{\"command\":\"ping\",\"t\":\"" + quotes + "\",\"id\":9}");
            JsonNode refused = c.reply(9);
            assertEquals("bad_message", refused.path("code").asText(), refused.toString());
            assertTrue(refused.path("message").asText().contains("too large"), refused.toString());
            assertEquals(
                    "pong",
                    c.request(10, "{\"command\":\"ping\",\"t\":1,\"id\":10}")
                            .path("type")
                            .asText(),
                    "the connection stays open");
        }
    }

    @Test
    void aSelectOrResumeTooLargeForTheBusOnceEscapedIsRefusedBeforeTheClientMovesToTheOtherSite() throws Exception {
        parts.startSite("garage");
        try (Teledrive large = SiteAndHub.hearing(
                        parts.startHub(Map.of(
                                "limits.frameBytes",
                                Integer.toString(Hub.MAX_FRAME_BYTES),
                                "vehicle",
                                "simulator@home")),
                        2);
                WsClient c = WsClient.connect(ws(large))) {
            JsonNode hello = c.next("hello");
            assertEquals("simulator@home", hello.path("selected").asText());
            assertEquals("driver", hello.path("role").asText(), "the first comer drives");
            String quotes = "\\\"".repeat(30_000); // twice as long once escaped again for the bus
            c.send("{\"command\":\"select\",\"vehicle\":\"simulator@garage\",\"pad\":\"" + quotes + "\",\"id\":9}");
            c.send("{\"command\":\"resume\",\"token\":\"garage.abc\",\"pad\":\"" + quotes + "\",\"id\":10}");
            for (int id : new int[] {9, 10}) {
                JsonNode refused = c.reply(id);
                assertEquals("bad_message", refused.path("code").asText(), refused.toString());
                assertTrue(refused.path("message").asText().contains("too large"), refused.toString());
            }
            assertEquals(
                    "pong",
                    c.request(11, "{\"command\":\"ping\",\"t\":1,\"id\":11}")
                            .path("type")
                            .asText());
            assertEquals(
                    null,
                    c.poll(m -> m.path("id").asInt() == 9 || m.path("id").asInt() == 10, Duration.ofMillis(500)),
                    "one reply each");
            assertEquals(
                    null,
                    c.poll(m -> "simulator@garage".equals(m.path("selected").asText()), Duration.ofMillis(500)),
                    "the client never moved to the garage");
            try (WsClient local = parts.site("home").connect()) {
                assertTrue(
                        vehicleIn(local.next("hello"), "simulator")
                                .path("driven")
                                .asBoolean(),
                        "it still drives at home");
            }
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009AfterTheRepliesOwedForTheFramesBeforeIt() throws Exception {
        try (WsClient c = WsClient.connect(ws(hub))) {
            c.next(m -> "hello".equals(m.path("type").asText())
                    && m.path("vehicles").size() > 0);
            c.send("{\"command\":\"ping\",\"t\":1,\"id\":1}");
            c.send("{\"command\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\",\"id\":2}");
            assertEquals("pong", c.reply(1).path("type").asText(), "the reply owed comes first");
            assertEquals(1009, c.closeCode());
        }
    }

    @Test
    @SuppressWarnings("try") // the connection closes; InterruptedException is the test's
    void behindAProxyTheNearestProxysAddressIsCountedAndIsWhatTheSiteIsTold() throws Exception {
        try (Teledrive proxied = startHub(Map.of("behindProxy", "true", "limits.connectionsPerAddress", "1"));
                var listener = Nats.connect(nats.urls())) {
            var opens = listener.subscribe("td.hub.*.to.home");
            listener.flush(Duration.ofSeconds(5));
            WebSocket first = connect(proxied, "6.6.6.6, 10.1.2.3");
            String remote = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (remote == null && System.nanoTime() < deadline) {
                var m = opens.nextMessage(Duration.ofSeconds(1));
                JsonNode relay = m == null ? null : JSON.readTree(m.getData());
                if (relay != null && "open".equals(relay.path("op").asText())) {
                    remote = relay.path("remote").asText();
                }
            }
            assertEquals("10.1.2.3", remote, "the rightmost X-Forwarded-For entry, never the client's own");
            String proxiedHost = "127.0.0.1:" + proxied.uri().getPort();
            assertEquals(
                    429,
                    RawHttp.status(
                            proxied.uri(),
                            "127.0.0.1",
                            RawHttp.upgradeRequest("/ws", proxiedHost, null)
                                    .replace("\r\n\r\n", "\r\nX-Forwarded-For: 1.1.1.1, 10.1.2.3\r\n\r\n")),
                    "the same nearest address, whatever the client wrote before it");
            first.abort();
        }
    }

    private static int connections(Teledrive server) throws Exception {
        return JSON.readTree(HTTP.send(
                                java.net.http.HttpRequest.newBuilder(
                                                server.uri().resolve("/api/status"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("connections")
                .asInt();
    }

    private WebSocket connect(Teledrive server, String forwardedFor) throws Exception {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("X-Forwarded-For", forwardedFor)
                .buildAsync(ws(server), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
    }

    private static String statusLine(InputStream in) throws Exception {
        var line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().trim();
    }
}
