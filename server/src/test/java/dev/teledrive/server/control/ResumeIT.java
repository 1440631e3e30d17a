package dev.teledrive.server.control;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md "Resume" on a real server: a driver's socket closes, a new one takes the seat back and drives. */
class ResumeIT {

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
    void aReconnectedDriverResumesItsSeatAheadOfTheQueueAndDrives() throws Exception {
        RecordingVehicle car = server.recorder();
        String token;
        try (WsClient waiting = server.connect()) {
            try (WsClient driver = server.connect()) {
                token = driver.next("hello").path("resume").asText();
                waiting.next("hello");
                assertEquals("ack", select(driver).path("type").asText());
                car.await("open");
                assertEquals(
                        "ack",
                        driver.request(2, "{\"command\":\"claim\",\"id\":2}")
                                .path("type")
                                .asText());
                assertEquals("ack", select(waiting).path("type").asText());
                assertEquals(
                        "ack",
                        waiting.request(3, "{\"command\":\"claim\",\"id\":3}")
                                .path("type")
                                .asText());
                car.clear();
                driver.request(4, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":4}");
                car.await("drive");
            }
            car.await("stop"); // at once when the socket goes, not at the dead-man

            try (WsClient again = server.connect()) {
                JsonNode hello = again.next("hello");
                JsonNode recorder = entry(hello, RecordingVehicle.ID);
                assertTrue(recorder.path("driven").asBoolean(), "the held seat counts as driven: " + recorder);
                assertEquals(1, recorder.path("queue").asInt());

                assertEquals(
                        "ack",
                        again.request(5, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":5}")
                                .path("type")
                                .asText());
                // A state with the watchers' count (AudienceRounds, for this connection's arrival)
                // may come before the resume's own: wait for the one with the held seat.
                again.next(inRole(RecordingVehicle.ID, "driver"));
                assertEquals(
                        "ack",
                        again.request(6, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":6}")
                                .path("type")
                                .asText());
                car.await("drive");
                assertEquals(
                        "queued",
                        waiting.next(m -> "state".equals(m.path("type").asText())
                                        && m.path("queue").path("position").asInt() == 1)
                                .path("role")
                                .asText());

                assertError(
                        again.request(7, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":7}"),
                        "not_resumable",
                        7);
            }
        }
    }

    private static JsonNode select(WsClient c) throws Exception {
        return c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":1}");
    }

    private static JsonNode entry(JsonNode hello, String id) {
        for (JsonNode v : hello.path("vehicles")) {
            if (id.equals(v.path("id").asText())) {
                return v;
            }
        }
        throw new AssertionError("no vehicle " + id + " in " + hello);
    }
}
