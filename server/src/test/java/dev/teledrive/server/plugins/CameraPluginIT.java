package dev.teledrive.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.PluginJar;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real plugin jar that offers only a camera: it loads, its camera shows and streams, and goes with it. */
class CameraPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aCameraOnlyPluginLoadsShowsItsCameraAndTakesItAwayWhenDisabled() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestServer.copySimulator(plugins);
        PluginJar.write(plugins.resolve("dashcam.jar"), "dashcam", CameraOnlyProvider.class);
        try (TestServer server = TestServer.start(
                        tmp.resolve("run"),
                        c -> c.with("plugins", plugins.toString()).with("adminToken", "boss"));
                WsClient c = server.connect()) {
            JsonNode report = report(server, "dashcam");
            assertEquals("started", report.path("state").asText(), String.valueOf(report));
            assertTrue(report.path("reason").isNull() || report.path("reason").isMissingNode(), report.toString());
            assertEquals("[\"dashcam\"]", report.path("cameras").toString(), report.toString());
            assertEquals("[]", report.path("vehicles").toString(), report.toString());

            JsonNode hello = c.next("hello");
            assertEquals("[\"dashcam\"]", recorder(hello).path("cameras").toString());
            try (VideoClient v = VideoClient.connect(server.video())) {
                v.watch("dashcam");
                assertEquals("dashcam", v.frame().camera());

                var disable = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                server.teledrive().uri().resolve("/api/admin/plugins/dashcam/disable"))
                                        .header("Authorization", "Bearer boss")
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, disable.statusCode(), disable.body());
                JsonNode gone = v.text();
                assertEquals("error", gone.path("type").asText());
                assertTrue(gone.path("message").asText().contains("dashcam"), gone.toString());
                assertEquals(1001, v.closeCode());
            }
            JsonNode state = c.next(m -> "state".equals(m.path("type").asText())
                    && recorder(m).path("cameras").isEmpty());
            assertEquals("[]", recorder(state).path("cameraStatus").toString());
            assertEquals(404, server.get("/video/dashcam.mjpg").statusCode());
            JsonNode stopped = report(server, "dashcam");
            assertEquals("stopped", stopped.path("state").asText(), stopped.toString());
            assertEquals("[]", stopped.path("cameras").toString(), stopped.toString());
        }
    }

    @Test
    void aClassThatOffersAVehicleAndACameraIsOneInstanceServingBoth() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJar.write(plugins.resolve("carcam.jar"), "carcam", CarWithCamera.class);
        try (TestServer server = TestServer.start(tmp.resolve("run"), c -> c.with("plugins", plugins.toString()));
                WsClient c = server.connect()) {
            JsonNode car = null;
            for (JsonNode v : c.next("hello").path("vehicles")) {
                if (v.path("id").asText().startsWith("car-")) {
                    car = v;
                }
            }
            assertTrue(car != null, "the vehicle is there");
            String self = car.path("id").asText().substring("car-".length());
            assertEquals("[\"cam-" + self + "\"]", car.path("cameras").toString());
        }
    }

    private static JsonNode recorder(JsonNode helloOrState) {
        for (JsonNode v : helloOrState.path("vehicles")) {
            if (v.path("id").asText().equals(RecordingVehicle.ID)) {
                return v;
            }
        }
        throw new AssertionError("no recorder in " + helloOrState);
    }

    /** The plugin's entry in {@code GET /api/plugins}. */
    private static JsonNode report(TestServer server, String pluginId) throws Exception {
        for (JsonNode r : JSON.readTree(server.get("/api/plugins").body())) {
            if (r.path("id").asText().equals(pluginId)) {
                return r;
            }
        }
        throw new AssertionError("no report of plugin " + pluginId);
    }
}
