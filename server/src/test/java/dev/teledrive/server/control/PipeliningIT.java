package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.RawWebSocket;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestKeystore;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that reach the server together, in one network read: their acks are held back to
 * leave together, and none may be lost or reordered on the way.
 */
class PipeliningIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestServer server;

    /** The simulator's default rate: its ticks keep its thread busy, so acks are often still owed at a 1009. */
    private static final String TICKS_HZ = "20";

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(
                tmp, c -> c.with("limits.messagesPerSecond", "0").with("simulator.telemetryHz", TICKS_HZ));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commandsReadTogetherAreAllAckedInOrder() throws Exception {
        try (var ws = RawWebSocket.connect(server.ws())) {
            assertEquals("hello", type(ws.read()));
            int n = 500; // more than a burst holds back, so the acks leave in several writes
            ws.writeTogether(commands(n));
            assertEquals(ids(n), ackIds(ws, n));
        }
    }

    @Test
    void aFrameOverTheLimitAfterGoodOnesClosesOnlyOnceTheirAcksAreOut() throws Exception {
        try (var ws = RawWebSocket.connect(server.ws())) {
            assertAcksThenClose1009(ws);
        }
    }

    @Test
    void aReplyStillOwedByAVehicleGoesOutBeforeThe1009() throws Exception {
        try (var ws = RawWebSocket.connect(server.ws())) {
            assertEquals("hello", type(ws.read()));
            ws.writeTogether(RawWebSocket.textFrame("{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":\"s\"}"));
            assertEquals("ack", replyTo(ws, "s").path("type").asText());
            // select is answered before the vehicle connects; a command sent sooner is refused as still connecting
            awaitConnected(ws, RecordingVehicle.ID);
            ws.writeTogether(
                    RawWebSocket.textFrame("{\"command\":\"hang\",\"id\":\"owed\"}"), // the vehicle holds its reply
                    RawWebSocket.textFrame("{\"command\":\"ping\",\"t\":\"" + "x".repeat(5000) + "\"}"));
            Thread.sleep(300); // Jetty's own limit would have closed the connection by now
            server.recorder().unblock();
            JsonNode owed = replyTo(ws, "owed");
            assertEquals("ack", owed.path("type").asText(), owed.toString());
            RawWebSocket.Frame close = nextNonText(ws);
            assertEquals(RawWebSocket.Frame.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
        }
    }

    /** Reads until a state shows this vehicle connected; fails if the connection ends first. */
    private static void awaitConnected(RawWebSocket ws, String vehicle) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = ws.read();
            if (frame.opcode() != RawWebSocket.Frame.TEXT) {
                throw new AssertionError("the connection ended before " + vehicle + " connected");
            }
            JsonNode message = JSON.readTree(frame.text());
            if ("state".equals(message.path("type").asText())
                    && "connected"
                            .equals(WsClient.vehicleIn(message, vehicle)
                                    .path("state")
                                    .asText())) {
                return;
            }
        }
    }

    /** The reply to this id, passing over telemetry and state; fails if the connection ends first. */
    private static JsonNode replyTo(RawWebSocket ws, String id) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = ws.read();
            if (frame.opcode() != RawWebSocket.Frame.TEXT) {
                throw new AssertionError("the connection ended before the reply to " + id + ": opcode " + frame.opcode()
                        + (frame.opcode() == RawWebSocket.Frame.CLOSE ? " " + frame.closeCode() : ""));
            }
            JsonNode message = JSON.readTree(frame.text());
            if (id.equals(message.path("id").asText())) {
                return message;
            }
        }
    }

    @Test
    void overTlsToo() throws Exception {
        server.close();
        Path keystore = TestKeystore.create(tmp);
        server = TestServer.start(
                tmp.resolve("tls"),
                c -> c.with("limits.messagesPerSecond", "0")
                        .with("simulator.telemetryHz", TICKS_HZ)
                        // seats free at once: a connection that came and went first must not hold this one's
                        .with("turns.graceSeconds", "0")
                        .with("tls.keystore", keystore.toString())
                        .with("tls.password", TestKeystore.PASSWORD));
        try (var ws = RawWebSocket.connect(server.ws(), TestKeystore.trusting(keystore))) {
            assertEquals("hello", type(ws.read()));
            ws.writeTogether(commands(200));
            assertEquals(ids(200), ackIds(ws, 200));
        }
        try (var ws = RawWebSocket.connect(server.ws(), TestKeystore.trusting(keystore))) {
            assertAcksThenClose1009(ws);
        }
    }

    private static void assertAcksThenClose1009(RawWebSocket ws) throws IOException {
        assertEquals("hello", type(ws.read()));
        byte[][] frames = commands(11);
        frames[10] = RawWebSocket.textFrame("{\"command\":\"ping\",\"t\":\"" + "x".repeat(5000) + "\"}");
        ws.writeTogether(frames);
        assertEquals(ids(10), ackIds(ws, 10));
        RawWebSocket.Frame close = nextNonText(ws);
        assertEquals(RawWebSocket.Frame.CLOSE, close.opcode());
        assertEquals(1009, close.closeCode());
    }

    private static byte[][] commands(int n) {
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = RawWebSocket.textFrame(
                    "{\"command\":\"" + (i % 2 == 0 ? "up" : "stop") + "\",\"duration\":0.1,\"id\":" + i + "}");
        }
        return frames;
    }

    private static List<Integer> ids(int n) {
        var ids = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** The ids of the next {@code n} replies, acks but for ups a stop overtook; telemetry and state passed over. */
    private static List<Integer> ackIds(RawWebSocket ws, int n) throws IOException {
        var ids = new ArrayList<Integer>();
        while (ids.size() < n) {
            RawWebSocket.Frame frame = ws.read();
            if (frame.opcode() != RawWebSocket.Frame.TEXT) {
                throw new AssertionError("the connection ended after " + ids + ": opcode " + frame.opcode());
            }
            JsonNode message = JSON.readTree(frame.text());
            String type = message.path("type").asText();
            if (type.equals("ack") || type.equals("error")) {
                // an up that the stop after it overtook never ran, and says so instead of an ack
                boolean overtaken = message.path("message").asText().endsWith("did not run: a stop came first");
                assertTrue(type.equals("ack") || overtaken, message::toString);
                ids.add(message.path("id").asInt());
            }
        }
        return ids;
    }

    private static RawWebSocket.Frame nextNonText(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame frame;
        do {
            frame = ws.read();
        } while (frame.opcode() == RawWebSocket.Frame.TEXT);
        return frame;
    }

    private static String type(RawWebSocket.Frame frame) throws IOException {
        return JSON.readTree(frame.text()).path("type").asText();
    }
}
