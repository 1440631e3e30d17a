package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md v1 against a real server with the real simulator plugin. */
class ControlProtocolIT {

    @TempDir
    Path tmp;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(tmp);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void helloComesFirstAndDescribesTheServer() throws Exception {
        try (WsClient c = server.connect()) {
            JsonNode hello = c.next();
            assertEquals("hello", hello.path("type").asText());
            assertEquals(3, hello.path("protocol").asInt());
            assertEquals("driver", hello.path("role").asText(), "the first connection drives");
            assertEquals("simulator", hello.path("selected").asText());
            assertEquals(List.of("simulator", RecordingVehicle.ID), ids(hello.path("vehicles")));
            assertTrue(hello.path("vehicles").get(0).path("connected").asBoolean());
            assertEquals(
                    List.of("up", "down", "left", "right", "stop", "raw", "drive"), names(hello.path("vocabulary")));
            assertEquals(4096, hello.path("limits").path("frameBytes").asInt());
            JsonNode drive = hello.path("vocabulary").get(6);
            assertEquals("held", drive.path("kind").asText());
            assertEquals(-1.0, drive.path("parameters").get(0).path("min").asDouble());
        }
    }

    @Test
    void upMovesTheSimulatorForItsDurationThenItStops() throws Exception {
        try (WsClient c = server.connect()) {
            c.next("hello");
            JsonNode ack = c.request(1, "{\"command\":\"up\",\"duration\":0.4,\"data\":null,\"id\":1}");
            assertEquals("ack", ack.path("type").asText());
            JsonNode moving = c.next(m -> isTelemetry(m) && m.path("speed").asDouble() > 0.1);
            assertEquals("simulator", moving.path("vehicle").asText());
            long movingSeq = moving.path("seq").asLong();
            // Samples from before the start are still buffered: the stop is the first standstill after moving.
            JsonNode stopped = c.next(m -> isTelemetry(m)
                    && m.path("seq").asLong() > movingSeq
                    && m.path("speed").asDouble() == 0.0);
            assertTrue(
                    stopped.path("y").asDouble() > 1.5, "the car faces +y from the centre, so it moved up: " + stopped);
            assertTrue(stopped.path("t").asLong() > 0);
        }
    }

    @Test
    void aWatcherHearsOthersArriveAndLeaveWithoutAskingAnything() throws Exception {
        try (WsClient watcher = server.connect()) {
            assertEquals(1, watcher.next("hello").path("spectators").asInt());
            try (WsClient second = server.connect()) {
                assertEquals(2, second.next("hello").path("spectators").asInt());
                watcher.next(m -> "state".equals(m.path("type").asText())
                        && m.path("spectators").asInt() == 2);
            }
            JsonNode alone = watcher.next(m -> "state".equals(m.path("type").asText())
                    && m.path("spectators").asInt() == 1);
            assertEquals("driver", alone.path("role").asText(), "the first comer drives on");
        }
    }

    @Test
    void spectatorsWatchButMayNotDrive() throws Exception {
        try (WsClient driver = server.connect();
                WsClient watcher = server.connect()) {
            driver.next("hello");
            assertEquals("spectator", watcher.next("hello").path("role").asText());
            assertEquals("telemetry", watcher.next("telemetry").path("type").asText());
            assertEquals(
                    "not_driver",
                    watcher.request(1, "{\"command\":\"up\",\"id\":1}")
                            .path("code")
                            .asText());
            assertEquals(
                    "not_driver",
                    watcher.request(2, "{\"command\":\"stop\",\"id\":2}")
                            .path("code")
                            .asText());
            // Protocol 2: a claim on a held seat queues; the hand-over comes when the driver lets go.
            assertEquals(
                    "ack",
                    watcher.request(3, "{\"command\":\"claim\",\"id\":3}")
                            .path("type")
                            .asText());
            JsonNode queued = watcher.next(m -> "state".equals(m.path("type").asText())
                    && "queued".equals(m.path("role").asText()));
            assertEquals(1, queued.path("queue").path("position").asInt(), queued.toString());

            assertEquals(
                    "ack",
                    driver.request("r", "{\"command\":\"release\",\"id\":\"r\"}")
                            .path("type")
                            .asText());
            watcher.next(m ->
                    "state".equals(m.path("type").asText()) && m.path("driver").asBoolean());
            assertEquals(
                    "ack",
                    watcher.request(5, "{\"command\":\"claim\",\"id\":5}")
                            .path("type")
                            .asText(),
                    "claiming while driving changes nothing");
            assertEquals(
                    "ack",
                    watcher.request(6, "{\"command\":\"up\",\"id\":6}")
                            .path("type")
                            .asText());
            assertEquals(
                    "not_driver",
                    driver.request(7, "{\"command\":\"drive\",\"throttle\":1,\"steer\":0,\"id\":7}")
                            .path("code")
                            .asText());
        }
    }

    @Test
    void everyErrorCodeOnOneConnectionThatStaysOpen() throws Exception {
        try (WsClient c = server.connect()) {
            c.next("hello");
            c.send("{not json");
            assertError(c.next("error"), "bad_json", null);
            c.send("[1,2]");
            assertError(c.next("error"), "bad_message", null);
            assertError(c.request(1, "{\"id\":1}"), "bad_message", 1);
            assertError(c.request(2, "{\"command\":7,\"id\":2}"), "bad_message", 2);
            c.send("{\"command\":\"up\",\"id\":\"" + "x".repeat(65) + "\"}");
            assertError(c.next("error"), "bad_message", null);
            c.send("{\"command\":\"up\",\"id\":1.5}");
            assertError(c.next("error"), "bad_message", null);
            assertError(c.request(3, "{\"command\":\"fly\",\"id\":3}"), "unknown_command", 3);
            assertError(c.request(4, "{\"command\":\"raw\",\"data\":256,\"id\":4}"), "bad_message", 4);
            assertError(c.request(5, "{\"command\":\"raw\",\"data\":-1,\"id\":5}"), "bad_message", 5);
            assertError(c.request(6, "{\"command\":\"raw\",\"id\":6}"), "bad_message", 6);
            assertError(
                    c.request(7, "{\"command\":\"drive\",\"throttle\":1.5,\"steer\":0,\"id\":7}"), "bad_message", 7);
            assertError(
                    c.request(8, "{\"command\":\"drive\",\"throttle\":\"fast\",\"steer\":0,\"id\":8}"),
                    "bad_message",
                    8);
            assertError(c.request(9, "{\"command\":\"up\",\"duration\":-1,\"id\":9}"), "bad_message", 9);
            assertError(c.request(10, "{\"command\":\"up\",\"duration\":\"long\",\"id\":10}"), "bad_message", 10);
            assertError(
                    c.request(11, "{\"command\":\"select\",\"vehicle\":\"nope\",\"id\":11}"),
                    "vehicle_unavailable",
                    11);
            assertError(c.request(12, "{\"command\":\"select\",\"id\":12}"), "bad_message", 12);
            c.sendBinary(new byte[] {1, 2, 3});
            assertError(c.next("error"), "bad_message", null);

            JsonNode pong = c.request("p", "{\"command\":\"ping\",\"t\":{\"any\":[1]},\"id\":\"p\"}");
            assertEquals("pong", pong.path("type").asText());
            assertEquals(1, pong.path("t").path("any").get(0).asInt());
            assertTrue(pong.path("serverTime").asLong() > 0);
            assertEquals(
                    "ack",
                    c.request(13, "{\"command\":\"up\",\"id\":13,\"extra\":{\"ignored\":true}}")
                            .path("type")
                            .asText());
        }
    }

    @Test
    void aMessageWithoutIdGetsNoAck() throws Exception {
        try (WsClient c = server.connect()) {
            c.next("hello");
            c.send("{\"command\":\"up\"}");
            c.send("{\"command\":\"fly\"}");
            assertError(c.next(m -> !isTelemetry(m)), "unknown_command", null);
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (WsClient c = server.connect()) {
            c.next("hello");
            c.send("{\"command\":\"ping\",\"t\":\"" + "x".repeat(5000) + "\"}");
            assertEquals(1009, c.closeCode());
        }
    }

    @Test
    void timedCommandsEndWithAStopAndVocabularyCommandsReachTheVehicle() throws Exception {
        RecordingVehicle car = server.recorder();
        try (WsClient c = server.connect()) {
            c.next("hello");
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":1}")
                            .path("type")
                            .asText());
            JsonNode state = c.next(m -> "state".equals(m.path("type").asText())
                    && "recorder".equals(m.path("selected").asText()));
            assertTrue(names(state.path("vocabulary")).contains("horn"));
            car.await("open");
            c.peek(WsClient.showing("recorder", "connected")); // select is answered before it connects
            car.clear();
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"up\",\"duration\":0.05,\"id\":2}")
                            .path("type")
                            .asText());
            assertEquals("up", car.next());
            assertEquals("stop", car.next());
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"horn\",\"id\":3}").path("type").asText());
            assertEquals("horn", car.next());
        }
    }

    @Test
    void aFailingPluginCommandIsAnInternalErrorStopsTheVehicleAndMarksItFailed() throws Exception {
        RecordingVehicle car = server.recorder();
        try (WsClient c = server.driveRecorder()) {
            assertError(c.request(2, "{\"command\":\"boom\",\"id\":2}"), "internal", 2);
            assertEquals("stop", car.next());
            c.next(m -> "state".equals(m.path("type").asText())
                    && m.path("vehicles").toString().contains("boom, as asked"));
            assertError(c.request(3, "{\"command\":\"horn\",\"id\":3}"), "vehicle_unavailable", 3);
            c.selectConnected("recorder"); // selecting it again retries
            assertEquals(
                    "ack",
                    c.request(5, "{\"command\":\"horn\",\"id\":5}").path("type").asText());
        }
    }

    @Test
    void theDeadManStopsAHeldDriveWhenTheDriverFallsSilent() throws Exception {
        RecordingVehicle car = server.recorder();
        try (WsClient c = server.driveRecorder()) {
            c.request(2, "{\"command\":\"drive\",\"throttle\":0.8,\"steer\":0.1,\"id\":2}");
            assertEquals("drive", car.next());
            assertEquals("stop", car.next(), "the dead-man stops the car with no further word");
        }
    }

    @Test
    void closingTheDriversConnectionStopsTheVehicle() throws Exception {
        RecordingVehicle car = server.recorder();
        WsClient c = server.driveRecorder();
        c.request(2, "{\"command\":\"up\",\"duration\":2,\"id\":2}");
        assertEquals("up", car.next());
        c.close();
        assertEquals("stop", car.next());
    }

    @Test
    void selectingAnotherVehicleStopsTheOldOneFirst() throws Exception {
        RecordingVehicle car = server.recorder();
        try (WsClient c = server.driveRecorder()) {
            c.request(2, "{\"command\":\"up\",\"duration\":2,\"id\":2}");
            assertEquals("up", car.next());
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"select\",\"vehicle\":\"simulator\",\"id\":3}")
                            .path("type")
                            .asText());
            assertEquals("stop", car.next());
            c.next(m -> "state".equals(m.path("type").asText())
                    && "simulator".equals(m.path("selected").asText()));
            c.clear();
            assertEquals(
                    "simulator",
                    c.next("telemetry").path("vehicle").asText(),
                    "only the selected vehicle's telemetry goes out");
        }
    }

    @Test
    void theLatestDurationIsReusedWhenAMessageNamesNone() throws Exception {
        RecordingVehicle car = server.recorder();
        try (WsClient c = server.driveRecorder()) {
            c.request(2, "{\"command\":\"left\",\"duration\":0,\"id\":2}");
            assertEquals("left", car.next());
            assertEquals("stop", car.next());
            c.request(3, "{\"command\":\"right\",\"id\":3}");
            assertEquals("right", car.next());
            assertEquals("stop", car.next(), "duration 0 carried over from the last message");
        }
    }

    private static boolean isTelemetry(JsonNode m) {
        return "telemetry".equals(m.path("type").asText());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(v -> ids.add(v.path("id").asText()));
        return ids;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(v -> names.add(v.path("name").asText()));
        return names;
    }
}
