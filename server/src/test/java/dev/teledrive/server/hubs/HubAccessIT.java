package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens through hubs (docs/sites.md, "Tokens at a hub"): {@code auth} is answered by the site, which
 * holds the tokens, and its lockouts count the address each hub passes on, the nearest proxy's view
 * of the client: a client locked out through one hub is locked out through every hub, and another
 * address is not. Before {@code auth} the hub names no vehicle either.
 */
class HubAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private NatsServers nats;
    private TestServer site;
    private Teledrive hubA;
    private Teledrive hubB;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of());
        site = TestServer.start(
                tmp,
                c -> c.with("site.name", "home")
                        .with("nats.url", nats.urls())
                        .with("driverToken", "s3cret-driver-token")
                        .with("auth.freeFailures", "1"));
        hubA = startHub();
        hubB = startHub();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {hubA, hubB, site, nats}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    private Teledrive startHub() throws Exception {
        Teledrive hub = Teledrive.builder(
                        new MapConfiguration(Map.of("port", "0", "nats.url", nats.urls(), "behindProxy", "true")))
                .hub()
                .start();
        var http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            String sites = http.send(
                            HttpRequest.newBuilder(hub.uri().resolve("/api/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (JSON.readTree(sites).path("nats").path("sites").size() == 1) {
                return hub;
            }
            Thread.sleep(100);
        }
        hub.close();
        throw new AssertionError("the hub never heard the site");
    }

    @Test
    void aLockoutEarnedThroughOneHubHoldsThroughEveryHubForThatAddressOnly() throws Exception {
        try (Client stranger = new Client(hubA, "203.0.113.9, 10.0.0.1")) {
            JsonNode hello = stranger.next("hello");
            assertEquals("required", hello.path("auth").asText());
            assertEquals(0, hello.path("vehicles").size(), "before auth a hub names no vehicle: " + hello);
            assertTrue(hello.path("selected").isNull());
            assertError(
                    stranger.request(1, "{\"command\":\"auth\",\"token\":\"guess-1\",\"id\":1}"), "unauthorized", 1);
            assertError(
                    stranger.request(2, "{\"command\":\"auth\",\"token\":\"guess-2\",\"id\":2}"), "unauthorized", 2);
        }
        try (Client again = new Client(hubB, "198.51.100.7, 10.0.0.1")) {
            again.next("hello");
            JsonNode locked = again.request(3, "{\"command\":\"auth\",\"token\":\"s3cret-driver-token\",\"id\":3}");
            assertError(locked, "rate_limited", 3);
        }
        try (Client other = new Client(hubB, "10.0.0.2")) {
            other.next("hello");
            assertEquals(
                    "ack",
                    other.request(4, "{\"command\":\"auth\",\"token\":\"s3cret-driver-token\",\"id\":4}")
                            .path("type")
                            .asText());
            JsonNode state = other.next("state");
            assertTrue(state.path("vehicles").size() >= 2, "after auth, every vehicle: " + state);
        }
    }

    /** A client at a hub behind a proxy that says it came from {@code forwardedFor}. */
    private static final class Client implements AutoCloseable {
        private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final WebSocket socket;

        Client(Teledrive hub, String forwardedFor) throws Exception {
            URI ws = URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws");
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("X-Forwarded-For", forwardedFor)
                    .buildAsync(ws, new WebSocket.Listener() {
                        private final StringBuilder parts = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            parts.append(data);
                            if (last) {
                                try {
                                    received.add(JSON.readTree(parts.toString()));
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                parts.setLength(0);
                            }
                            w.request(1);
                            return CompletableFuture.completedFuture(null);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        }

        JsonNode next(String type) throws InterruptedException {
            while (true) {
                JsonNode m = received.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("no " + type + " within 10 s");
                }
                if (type.equals(m.path("type").asText())) {
                    return m;
                }
            }
        }

        JsonNode request(int id, String json) throws Exception {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
            while (true) {
                JsonNode m = received.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("no reply to " + id + " within 10 s");
                }
                if (m.path("id").asInt(-1) == id) {
                    return m;
                }
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
