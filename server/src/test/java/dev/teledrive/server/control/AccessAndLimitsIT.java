package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, the rate limit, the dead-man's keep-alive and the legacy port, each on its own server. */
class AccessAndLimitsIT {

    @TempDir
    Path tmp;

    @Test
    void withATokenNothingButPingAndAuthWorksUntilAuthSucceeds() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("driverToken", "s3cret"));
                WsClient c = server.connect()) {
            JsonNode hello = c.next("hello");
            assertEquals("required", hello.path("auth").asText());
            assertEquals("spectator", hello.path("role").asText());
            assertError(c.request(1, "{\"command\":\"up\",\"id\":1}"), "unauthorized", 1);
            assertError(c.request(2, "{\"command\":\"claim\",\"id\":2}"), "unauthorized", 2);
            assertEquals(
                    "pong",
                    c.request(3, "{\"command\":\"ping\",\"id\":3}").path("type").asText());
            assertError(c.request(4, "{\"command\":\"auth\",\"token\":\"guess\",\"id\":4}"), "unauthorized", 4);
            assertEquals(
                    "ack",
                    c.request(5, "{\"command\":\"auth\",\"token\":\"s3cret\",\"id\":5}")
                            .path("type")
                            .asText());
            assertTrue(c.next("state").path("driver").asBoolean());
            assertEquals(
                    "ack",
                    c.request(6, "{\"command\":\"up\",\"id\":6}").path("type").asText());
        }
    }

    @Test
    void aSpectatorTokenWatchesButCannotClaim() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("driverToken", "drive").with("spectatorToken", "watch"));
                WsClient c = server.connect()) {
            c.next("hello");
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"auth\",\"token\":\"watch\",\"id\":1}")
                            .path("type")
                            .asText());
            assertFalse(c.next("state").path("driver").asBoolean());
            c.next("telemetry");
            assertError(c.request(2, "{\"command\":\"claim\",\"id\":2}"), "not_driver", 2);
        }
    }

    @Test
    void theRateLimitAnswersRateLimitedButNeverRefusesStop() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("limits.messagesPerSecond", "0.001").with("limits.burst", "2"));
                WsClient c = server.connect()) {
            c.next("hello");
            assertEquals(
                    "pong",
                    c.request(1, "{\"command\":\"ping\",\"id\":1}").path("type").asText());
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"up\",\"id\":2}").path("type").asText());
            assertError(c.request(3, "{\"command\":\"up\",\"id\":3}"), "rate_limited", 3);
            assertEquals(
                    "ack",
                    c.request(4, "{\"command\":\"stop\",\"id\":4}").path("type").asText());
        }
    }

    @Test
    void theLegacyPortServesTheSameEndpointAtTheRoot() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("legacyPort", "0"))) {
            int port = server.teledrive().legacyPort().orElseThrow();
            try (WsClient c = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/"))) {
                assertEquals("hello", c.next().path("type").asText());
                assertEquals(
                        "ack",
                        c.request(1, "{\"command\":\"up\",\"duration\":0.2,\"data\":null,\"id\":1}")
                                .path("type")
                                .asText());
                c.send("{\"command\": \"stop\", \"duration\": null, \"data\": null}");
                assertEquals("telemetry", c.next("telemetry").path("type").asText());
            }
            assertEquals(404, server.get("/nothing-here").statusCode());
        }
    }

    @Test
    void everyErrorCodeOfTheProtocolOnOneConnectionThatStaysOpen() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("driverToken", "s3cret"));
                WsClient c = server.connect()) {
            c.next("hello");
            assertError(c.request(1, "{\"command\":\"up\",\"id\":1}"), "unauthorized", 1);
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"auth\",\"token\":\"s3cret\",\"id\":2}")
                            .path("type")
                            .asText());
            c.send("{bad");
            assertError(c.next("error"), "bad_json", null);
            assertError(c.request(3, "{\"command\":\"up\",\"duration\":-1,\"id\":3}"), "bad_message", 3);
            assertError(c.request(4, "{\"command\":\"fly\",\"id\":4}"), "unknown_command", 4);
            assertError(
                    c.request(5, "{\"command\":\"select\",\"vehicle\":\"nope\",\"id\":5}"), "vehicle_unavailable", 5);
            c.selectConnected("recorder");
            assertError(c.request(7, "{\"command\":\"boom\",\"id\":7}"), "internal", 7);
            assertEquals(
                    "ack",
                    c.request(8, "{\"command\":\"release\",\"id\":8}")
                            .path("type")
                            .asText());
            try (WsClient other = server.connect()) {
                other.next("hello");
                other.request(1, "{\"command\":\"auth\",\"token\":\"s3cret\",\"id\":1}");
                assertEquals(
                        "ack",
                        other.request(2, "{\"command\":\"claim\",\"id\":2}")
                                .path("type")
                                .asText());
                assertError(c.request(9, "{\"command\":\"up\",\"id\":9}"), "not_driver", 9);
            }
            for (int i = 0; i < 200; i++) {
                c.send("{\"command\":\"ping\"}");
            }
            assertError(c.next("error"), "rate_limited", null);
            c.clear();
            // Still open, and a stop is never rate-limited: it is answered by the seat's rule (another drives now).
            assertError(c.request(10, "{\"command\":\"stop\",\"id\":10}"), "not_driver", 10);
        }
    }

    @Test
    void deeplyNestedJsonAndHugeNumbersAreRefusedCheaply() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            c.next("hello");
            c.send("{\"command\":\"ping\",\"t\":" + "[".repeat(100) + "]".repeat(100) + "}");
            assertError(c.next("error"), "bad_json", null);
            c.send("{\"command\":\"ping\",\"t\":1" + "0".repeat(200) + "}");
            assertError(c.next("error"), "bad_json", null);
            assertEquals(
                    "pong",
                    c.request(1, "{\"command\":\"ping\",\"id\":1}").path("type").asText(),
                    "still open");
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedNotBufferedWithoutEnd() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("limits.messagesPerSecond", "0"))) {
            var closed = new java.util.concurrent.CompletableFuture<Integer>();
            // A client that reads nothing after the handshake: its replies pile up at the server.
            var ws = java.net.http.HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(server.ws(), new java.net.http.WebSocket.Listener() {
                        @Override
                        public void onOpen(java.net.http.WebSocket webSocket) {
                            // no request(1): nothing is ever read
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(
                                java.net.http.WebSocket w, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    })
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            String big = "{\"command\":\"ping\",\"t\":\"" + "x".repeat(3_900) + "\",\"id\":1}";
            int sent = 0;
            try {
                for (; sent < 5_000; sent++) {
                    ws.sendText(big, true).get(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                // the server closed the connection: what we want
            }
            ws.abort();
            try (WsClient other = server.connect()) {
                assertEquals("hello", other.next().path("type").asText(), "the server serves on");
            }
            assertTrue(sent < 5_000, "the server stopped taking messages from a client that reads nothing");
        }
    }
}
