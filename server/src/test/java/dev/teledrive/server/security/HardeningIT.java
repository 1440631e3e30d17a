package dev.teledrive.server.security;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.server.support.RawHttp;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The attacks of the hardening issue, each against a real server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HardeningIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void upgradesAbandonedAtOnceLeaveNoConnectionAndNoDriverBehind() throws Exception {
        // a greeted connection's seat would be held for its resume token: here it must free at once
        try (TestServer server = TestServer.start(tmp, c -> c.with("turns.graceSeconds", "0"))) {
            URI ws = server.ws();
            String host = "127.0.0.1:" + ws.getPort();
            for (int i = 0; i < 40; i++) {
                try (Socket s = RawHttp.open(ws, "127.0.0.1")) {
                    if (i % 2 == 0) {
                        s.setSoLinger(true, 0); // a reset instead of a clean close
                    }
                    RawHttp.write(s, RawHttp.upgradeRequest("/ws", host, null));
                    if (i % 4 == 1) {
                        Thread.sleep(i % 7); // some hang up while the server greets them
                    }
                }
            }
            awaitStatus(server, "connections", 0);
            assertFalse(status(server).path("driver").asBoolean(), "no ghost holds the seat");
            try (WsClient c = server.connect()) {
                assertEquals("driver", c.next("hello").path("role").asText(), "the next client drives");
            }
        }
    }

    @Test
    void aPageThatRebindsItsNameToThisMachineIsRefused() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("allowedHosts", "mycar.local"))) {
            URI ws = server.ws();
            int port = ws.getPort();
            String attacker = "attacker.example:" + port;
            assertEquals(
                    403,
                    RawHttp.status(ws, "127.0.0.1", RawHttp.upgradeRequest("/ws", attacker, "http://" + attacker)),
                    "the WebSocket");
            assertEquals(403, RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/api/status", attacker)), "the API");
            assertEquals(403, RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/", attacker)), "the page");
            assertFalse(status(server).path("driver").asBoolean(), "the rebinding page drives nothing");
            for (String own : List.of(
                    "localhost:" + port,
                    "127.0.0.1:" + port,
                    "[::1]:" + port,
                    "mycar.local:" + port,
                    "car.localhost:" + port)) {
                assertEquals(200, RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/api/status", own)), own);
            }
            assertEquals(
                    101,
                    RawHttp.status(
                            ws,
                            "127.0.0.1",
                            RawHttp.upgradeRequest("/ws", "localhost:" + port, "http://localhost:" + port)));
        }
        try (TestServer guarded = TestServer.start(tmp.resolve("tokens"), c -> c.with("driverToken", "s3cret"))) {
            URI ws = guarded.ws();
            String name = "car.example.org:" + ws.getPort();
            assertEquals(
                    200,
                    RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/healthz", name)),
                    "with tokens any name may reach the server: a page cannot know the token");
        }
    }

    @Test
    void aFloodOfHalfSentRequestsNeitherFillsTheServerNorLastsLong() throws Exception {
        try (TestServer server = TestServer.start(
                tmp, c -> c.with("limits.socketsPerAddress", "8").with("limits.requestHeaderSeconds", "1"))) {
            URI ws = server.ws();
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Socket s = RawHttp.open(ws, "127.0.0.2");
                    RawHttp.write(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                    flood.add(s);
                }
                long refused = 0;
                for (Socket s : flood.subList(8, flood.size())) {
                    refused += RawHttp.closedByServer(s) ? 1 : 0;
                }
                assertEquals(32, refused, "one address holds at most limits.socketsPerAddress sockets");
                assertEquals(200, server.get("/healthz").statusCode(), "others are still answered");
                try (WsClient driver = server.connect()) {
                    assertEquals("driver", driver.next("hello").path("role").asText(), "and a new driver gets in");
                }
                for (Socket s : flood.subList(0, 8)) {
                    assertTrue(
                            RawHttp.closedByServer(s), "a request whose headers never end is closed at its deadline");
                }
                Socket silent = RawHttp.open(ws, "127.0.0.2");
                flood.add(silent);
                assertTrue(RawHttp.closedByServer(silent), "so is a connection that sends nothing");
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aWebSocketOutlivesTheHttpDeadlinesOfTheRequestThatOpenedIt() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("limits.requestHeaderSeconds", "1").with("limits.httpIdleSeconds", "1"));
                WsClient c = server.connect()) {
            c.next("hello");
            Thread.sleep(2_500); // past both HTTP deadlines; a WebSocket rests up to limits.idleSeconds
            assertEquals(
                    "pong",
                    c.request(1, "{\"command\":\"ping\",\"id\":1}").path("type").asText());
        }
    }

    @Test
    void guessingTokensOverReconnectionsIsSlowedDownAndLoggedQuietly() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(AuthThrottle.class);
        logger.addAppender(appender);
        // The clock stands still: the sixth guess's lockout is 1 s, and on a loaded machine the next
        // connection could take longer than that to guess again, find it over and fail afresh.
        var clock = new ManualClock();
        try (TestServer server = TestServer.start(tmp, c -> c.with("driverToken", "s3cret"), b -> b.clock(clock))) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                try (WsClient c = server.connect()) {
                    c.next("hello");
                    codes.add(c.request(i, "{\"command\":\"auth\",\"token\":\"guess" + i + "\",\"id\":" + i + "}")
                            .path("code")
                            .asText());
                }
            }
            assertEquals(
                    List.of(
                            "unauthorized",
                            "unauthorized",
                            "unauthorized",
                            "unauthorized",
                            "unauthorized",
                            "unauthorized"),
                    codes.subList(0, 6),
                    "five free failures, the sixth locks the address out");
            assertTrue(codes.subList(6, 12).stream().allMatch("rate_limited"::equals), codes.toString());
            try (WsClient c = server.connect()) {
                c.next("hello");
                JsonNode reply = c.request("right", "{\"command\":\"auth\",\"token\":\"s3cret\",\"id\":\"right\"}");
                assertError(reply, "rate_limited", "right");
                assertTrue(reply.path("message").asText().contains("try again in"), reply.toString());
            }
            assertTrue(appender.list.size() <= 1, "one log line for a run of guesses: " + appender.list);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aFrameWithTwoValuesOrAKeyTwiceIsBadJsonAndMovesNothing() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.driveRecorder()) {
            c.send("{\"command\":\"ping\",\"id\":1} {\"command\":\"stop\",\"id\":2}");
            JsonNode twoValues = c.next("error");
            assertEquals("bad_json", twoValues.path("code").asText(), twoValues.toString());
            assertTrue(twoValues.path("message").asText().contains("exactly one JSON value"), twoValues.toString());

            c.send("{\"command\":\"stop\",\"command\":\"up\",\"id\":3}");
            JsonNode twice = c.next("error");
            assertEquals("bad_json", twice.path("code").asText(), twice.toString());
            assertEquals(
                    "ack",
                    c.request(4, "{\"command\":\"horn\",\"id\":4}").path("type").asText());
            assertEquals("horn", server.recorder().next(), "neither the up nor the stop reached the car");

            c.send("[".repeat(40) + "]".repeat(40));
            JsonNode deep = c.next("error");
            assertEquals("bad_json", deep.path("code").asText());
            assertFalse(
                    deep.path("message").asText().matches("(?s).*(Constraints|jackson|fasterxml|Source:).*"),
                    "no library internals: " + deep);
        }
    }

    @Test
    void connectionCapsAreExactUnderABurst() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("limits.connectionsPerAddress", "5"))) {
            URI ws = server.ws();
            String request = RawHttp.upgradeRequest("/ws", "127.0.0.1:" + ws.getPort(), null);
            List<Thread> burst = new ArrayList<>();
            List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 20; i++) {
                Thread t = new Thread(() -> {
                    try {
                        Socket s = RawHttp.open(ws, "127.0.0.1");
                        sockets.add(s);
                        RawHttp.write(s, request);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                burst.add(t);
            }
            for (Thread t : burst) {
                t.join();
            }
            try {
                awaitStatus(server, "connections", 5);
                await().during(Duration.ofMillis(200))
                        .atMost(Duration.ofSeconds(1))
                        .until(() -> status(server).path("connections").asInt() <= 5); // never over the cap
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void pingsAndGarbageCountAgainstTheRateLimitAndASpectatorHasNoSeatToRelease() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("limits.messagesPerSecond", "0.001").with("limits.burst", "3"));
                WsClient driver = server.connect();
                WsClient spectator = server.connect()) {
            driver.next("hello");
            spectator.next("hello");
            assertError(spectator.request("r", "{\"command\":\"release\",\"id\":\"r\"}"), "not_driver", "r");
            for (int i = 0; i < 2; i++) {
                assertEquals(
                        "pong",
                        spectator
                                .request(i, "{\"command\":\"ping\",\"id\":" + i + "}")
                                .path("type")
                                .asText());
            }
            assertError(spectator.request(3, "{\"command\":\"ping\",\"id\":3}"), "rate_limited", 3);
            spectator.send("not even JSON");
            assertError(spectator.next("error"), "rate_limited", null);
        }
    }

    private static JsonNode status(TestServer server) throws Exception {
        return JSON.readTree(server.get("/api/status").body());
    }

    private static void awaitStatus(TestServer server, String field, int value) {
        await("the server reports " + field + " = " + value)
                .atMost(Duration.ofSeconds(5))
                .until(() -> status(server).path(field).asInt() == value);
    }
}
