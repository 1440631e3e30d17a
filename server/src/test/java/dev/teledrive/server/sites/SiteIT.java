package dev.teledrive.server.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started as a site dials out to a real nats-server and announces its vehicles once a second. */
class SiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // jnats's Connection.close may throw InterruptedException
    void aSiteAnnouncesItsVehiclesAndTheirSeatsAndStillServesItsOwnPage() throws Exception {
        try (NatsServers nats = NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of());
                Connection hub = Nats.connect(nats.urls());
                TestServer site =
                        TestServer.start(tmp, c -> c.with("site.name", "home").with("nats.url", nats.urls()))) {
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            hub.createDispatcher(heard::add).subscribe(Subjects.anySiteAlive());

            JsonNode first = next(heard, a -> true);
            assertEquals("home", first.path("site").asText());
            JsonNode recorder = vehicle(first, RecordingVehicle.ID);
            assertEquals("Recorder", recorder.path("name").asText());
            assertFalse(recorder.path("driven").asBoolean());
            assertTrue(vehicle(first, "simulator").path("cameras").isArray());

            try (WsClient driver = site.driveRecorder()) {
                JsonNode driven = next(
                        heard,
                        a -> vehicle(a, RecordingVehicle.ID).path("driven").asBoolean());
                assertTrue(
                        vehicle(driven, RecordingVehicle.ID).path("connected").asBoolean());
                assertEquals(
                        "ack",
                        driver.request(1, "{\"command\":\"up\",\"id\":1}")
                                .path("type")
                                .asText(),
                        "its own page and /ws work as on a plain server");
            }
        }
    }

    @Test
    @SuppressWarnings("try") // jnats's Connection.close may throw InterruptedException
    void aStoppingSiteFallsSilentBeforeItsCamerasCloseSoNoHeartbeatListsThemGone() throws Exception {
        var cameras = new TestCameras(new CameraSpec("front", RecordingVehicle.ID, "Front"));
        try (NatsServers nats = NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of());
                Connection hub = Nats.connect(nats.urls())) {
            TestServer site = TestServer.start(
                    tmp,
                    c -> c.with("site.name", "home").with("nats.url", nats.urls()),
                    b -> b.camera("testcams", cameras));
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            hub.createDispatcher(heard::add).subscribe(Subjects.anySiteAlive());
            Thread stopping = new Thread(site::close, "stopping the site");
            try (VideoClient viewer = VideoClient.connect(site.video())) {
                viewer.watch("front").frame(); // the camera is open: closing it takes the camera's time
                next(heard, a -> hasCamera(a, "front"));
                cameras.holdCloses();
                stopping.start();
                cameras.await("closing front");
                // Beats written before the stop may still arrive; none written while the camera
                // closes (three heartbeat periods here) may list the recorder without it.
                Message m;
                while ((m = heard.poll(3, TimeUnit.SECONDS)) != null) {
                    JsonNode beat = JSON.readTree(m.getData());
                    assertTrue(hasCamera(beat, "front"), "a heartbeat while the site stops: " + beat);
                }
            } finally {
                cameras.releaseCloses();
                site.close(); // at once when the test failed before the stop; else once the stop is done
                stopping.join();
            }
        }
    }

    private static boolean hasCamera(JsonNode announcement, String camera) {
        for (JsonNode c : vehicle(announcement, RecordingVehicle.ID).path("cameras")) {
            if (camera.equals(c.asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSiteWhoseLoginNatsRefusesDoesNotStartAndSaysWhichKeysToCheck() throws Exception {
        try (NatsServers nats = NatsServers.single(
                Files.createDirectories(tmp.resolve("nats")),
                "authorization { users: [ { user: site-home, password: right } ] }",
                Map.of())) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.teledrive.server.config.ConfigurationException.class,
                    () -> TestServer.start(
                                    tmp,
                                    c -> c.with("site.name", "home")
                                            .with("nats.url", nats.urls())
                                            .with("nats.user", "site-home")
                                            .with("nats.password", "wrong"))
                            .close());
            assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
            assertTrue(refused.getMessage().contains("nats.user"), refused.getMessage());
        }
    }

    /** The next announcement that satisfies {@code wanted}, within 5 s (one comes every second). */
    private static JsonNode next(BlockingQueue<Message> heard, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Message m = heard.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                assertEquals(Subjects.siteAlive("home"), m.getSubject());
                JsonNode a = JSON.readTree(m.getData());
                if (wanted.test(a)) {
                    return a;
                }
            }
        }
        throw new AssertionError("no such announcement came");
    }

    private static JsonNode vehicle(JsonNode announcement, String id) {
        for (JsonNode v : announcement.path("vehicles")) {
            if (id.equals(v.path("id").asText())) {
                return v;
            }
        }
        throw new AssertionError("no vehicle " + id + " in " + announcement);
    }
}
