package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.teledrive.server.support.TestKeystore;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What a public Teledrive refuses, each rule with the input that trips it. */
class PublicHostingIT {

    @TempDir
    Path tmp;

    /** Opens a WebSocket with extra headers; returns the HTTP status of a refused upgrade, or 101. */
    private static int upgrade(URI ws, Map<String, String> headers) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            WebSocket socket =
                    builder.buildAsync(ws, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void aPageFromAnotherOriginCannotOpenTheWebSocket() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("allowedOrigins", "https://car.example.org/"))) {
            URI ws = server.ws();
            String own = "http://127.0.0.1:" + ws.getPort();
            assertEquals(101, upgrade(ws, Map.of("Origin", own)), "the page's own origin");
            assertEquals(101, upgrade(ws, Map.of()), "programs that send no Origin");
            assertEquals(101, upgrade(ws, Map.of("Origin", "https://car.example.org")), "an allowed origin");
            assertEquals(403, upgrade(ws, Map.of("Origin", "https://evil.example.com")));
            assertEquals(
                    403,
                    upgrade(ws, Map.of("Origin", "http://127.0.0.1:" + (ws.getPort() + 1))),
                    "another port is another origin");
        }
    }

    @Test
    void connectionCapsPerAddressAndInAll() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("limits.connectionsPerAddress", "2"));
                WsClient a = server.connect();
                WsClient b = server.connect()) {
            a.next("hello");
            b.next("hello");
            assertEquals(429, upgrade(server.ws(), Map.of()));
        }
        try (TestServer server = TestServer.start(tmp.resolve("two"), c -> c.with("limits.connections", "1"))) {
            try (WsClient a = server.connect()) {
                a.next("hello");
                assertEquals(503, upgrade(server.ws(), Map.of()));
            }
            await("a closed connection frees its place")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> upgrade(server.ws(), Map.of()) == 101);
        }
    }

    @Test
    void theLegacyPortHasTheSameGateButTakesAPageOpenedFromAFile() throws Exception {
        try (TestServer server =
                TestServer.start(tmp, c -> c.with("legacyPort", "0").with("limits.connectionsPerAddress", "1"))) {
            URI legacy = URI.create(
                    "ws://127.0.0.1:" + server.teledrive().legacyPort().orElseThrow() + "/");
            assertEquals(403, upgrade(legacy, Map.of("Origin", "https://evil.example.com")), "a stranger's page");
            try (WsClient first = WsClient.connect(legacy)) {
                first.next("hello");
                assertEquals(429, upgrade(legacy, Map.of()), "the caps count on the legacy port");
                assertEquals(429, upgrade(server.ws(), Map.of()), "and across both ports");
            }
            // once the closed connection has freed its place
            await("the 2012 car.html opened from a file")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> upgrade(legacy, Map.of("Origin", "null")), status -> status != 429);
            assertEquals(101, upgrade(legacy, Map.of("Origin", "null")));
            assertEquals(403, upgrade(server.ws(), Map.of("Origin", "null")), "but not on the main port");
        }
    }

    @Test
    void theAdminTakesTheSeatAndTheDriverIsStoppedAndTold() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("driverToken", "drive").with("adminToken", "own"));
                WsClient driver = server.connect();
                WsClient admin = server.connect()) {
            driver.next("hello");
            driver.request(1, "{\"command\":\"auth\",\"token\":\"drive\",\"id\":1}");
            assertTrue(driver.next("state").path("driver").asBoolean());
            admin.next("hello");
            assertEquals(
                    "ack",
                    admin.request(1, "{\"command\":\"auth\",\"token\":\"own\",\"id\":1}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    admin.request(2, "{\"command\":\"claim\",\"id\":2}")
                            .path("type")
                            .asText());
            driver.next(m ->
                    "state".equals(m.path("type").asText()) && !m.path("driver").asBoolean());
            assertError(driver.request(2, "{\"command\":\"up\",\"id\":2}"), "not_driver", 2);
            assertEquals(
                    "ack",
                    admin.request(3, "{\"command\":\"up\",\"id\":3}")
                            .path("type")
                            .asText());
        }
    }

    @Test
    void tlsWithAKeystoreServesHttpsAndWssWithHsts() throws Exception {
        Path keystore = TestKeystore.create(tmp);

        int redirect;
        try (var probe = new java.net.ServerSocket(0)) {
            redirect = probe.getLocalPort();
        }
        try (TestServer server = TestServer.start(
                tmp,
                c -> c.with("tls.keystore", keystore.toString())
                        .with("tls.password", TestKeystore.PASSWORD)
                        .with("tls.redirectPort", Integer.toString(redirect)))) {
            URI page = server.teledrive().uri();
            assertEquals("https", page.getScheme());
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestKeystore.trusting(keystore))
                    .build();
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(page.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(
                    health.headers()
                            .firstValue("Strict-Transport-Security")
                            .orElse("")
                            .startsWith("max-age="),
                    "HSTS");
            HttpResponse<String> plain = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirect + "/api/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertTrue(
                    plain.statusCode() == 301 || plain.statusCode() == 302,
                    "plain http is redirected: " + plain.statusCode());
            assertEquals(
                    "https://127.0.0.1:" + page.getPort() + "/api/status",
                    plain.headers().firstValue("Location").orElse(""));

            var hello = new java.util.concurrent.CompletableFuture<String>();
            WebSocket wss = client.newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + page.getPort() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            hello.complete(data.toString());
                            return null;
                        }
                    })
                    .get(5, TimeUnit.SECONDS);
            assertTrue(hello.get(5, TimeUnit.SECONDS).startsWith("{\"type\":\"hello\""));
            wss.abort();
        }
    }

    @Test
    void behindAProxyTheForwardedOriginAndClientAddressCount() throws Exception {
        Map<String, String> proxied = Map.of(
                "Origin",
                "https://car.example.org",
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "car.example.org",
                "X-Forwarded-For",
                "203.0.113.7");
        try (TestServer direct = TestServer.start(tmp, c -> c)) {
            assertEquals(403, upgrade(direct.ws(), proxied), "forwarding headers are not trusted by default");
        }
        try (TestServer server = TestServer.start(
                tmp.resolve("proxy"),
                c -> c.with("behindProxy", "true")
                        .with("allowedHosts", "car.example.org")
                        .with("limits.connectionsPerAddress", "1"))) {
            assertEquals(101, upgrade(server.ws(), proxied), "the page is https://car.example.org as the proxy says");
            awaitConnections(server, 0);
            var builder = HttpClient.newHttpClient().newWebSocketBuilder();
            proxied.forEach(builder::header);
            WebSocket first =
                    builder.buildAsync(server.ws(), new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            awaitConnections(server, 1);
            assertEquals(429, upgrade(server.ws(), proxied), "one connection per client address, as forwarded");
            var other = new java.util.HashMap<>(proxied);
            other.put("X-Forwarded-For", "198.51.100.9");
            assertEquals(101, upgrade(server.ws(), other), "another client behind the same proxy");
            var forged = new java.util.HashMap<>(proxied);
            forged.put("X-Forwarded-For", "192.0.2.66, 203.0.113.7");
            forged.put("Forwarded", "for=192.0.2.67");
            assertEquals(
                    429,
                    upgrade(server.ws(), forged),
                    "the address the proxy appended counts, not the ones the client wrote before it");
            first.abort();
        }
    }

    @Test
    void noTokenEverReachesTheLog() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var teledrive = (Logger) LoggerFactory.getLogger("dev.teledrive");
        var level = teledrive.getLevel();
        teledrive.setLevel(ch.qos.logback.classic.Level.DEBUG);
        root.addAppender(appender);
        try (TestServer server = TestServer.start(
                        tmp,
                        c -> c.with("driverToken", "sup3r-s3cret-driver")
                                .with("spectatorToken", "sup3r-s3cret-watcher"));
                WsClient c = server.connect()) {
            c.next("hello");
            c.request(1, "{\"command\":\"auth\",\"token\":\"wrong-guess-t0ken\",\"id\":1}");
            c.request(2, "{\"command\":\"auth\",\"token\":\"sup3r-s3cret-driver\",\"id\":2}");
        } finally {
            root.detachAppender(appender);
            teledrive.setLevel(level);
        }
        assertFalse(appender.list.isEmpty());
        for (ILoggingEvent e : appender.list) {
            String line = e.getFormattedMessage();
            assertFalse(
                    line.contains("sup3r-s3cret") || line.contains("wrong-guess-t0ken"), "a token in the log: " + line);
        }
        assertTrue(
                appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains("driver token hmac:")),
                "a fingerprint instead");
    }

    /** Waits until the server counts this many open connections (closes arrive a moment after an abort). */
    private static void awaitConnections(TestServer server, int n) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        await("the server counts " + n + " connections")
                .atMost(Duration.ofSeconds(5))
                .until(() -> json.readTree(server.get("/api/status").body())
                                .path("connections")
                                .asInt()
                        == n);
    }
}
