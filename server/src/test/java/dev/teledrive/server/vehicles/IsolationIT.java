package dev.teledrive.server.vehicles;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that hangs or throws in its own tasks is contained: marked failed, stopped, the rest drives on. */
class IsolationIT {

    @TempDir
    Path tmp;

    private static boolean recorderFailed(JsonNode m) {
        if (!"state".equals(m.path("type").asText())) {
            return false;
        }
        for (JsonNode v : m.path("vehicles")) {
            if ("recorder".equals(v.path("id").asText())
                    && "failed".equals(v.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCommandThatHangsIsReportedAndAnotherVehicleStillDrives() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("control.commandTimeoutMillis", "300"));
                WsClient c = server.driveRecorder()) {
            JsonNode reply = c.request(1, "{\"command\":\"hang\",\"id\":1}");
            assertError(reply, "vehicle_unavailable", 1);
            assertTrue(reply.path("message").asText().contains("did not answer within 300 ms"), reply.toString());
            c.next(IsolationIT::recorderFailed);
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"select\",\"vehicle\":\"simulator\",\"id\":2}")
                            .path("type")
                            .asText(),
                    "switching away is not held up by the stuck vehicle");
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"up\",\"id\":3}").path("type").asText());
            server.recorder().unblock();
        }
    }

    @Test
    void aPluginTaskThatThrowsMarksTheVehicleFailedAndStopsIt() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.driveRecorder()) {
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"tickfail\",\"id\":1}")
                            .path("type")
                            .asText());
            JsonNode state = c.next(IsolationIT::recorderFailed);
            assertTrue(state.toString().contains("tick failed, as asked"), state.toString());
            server.recorder().await("stop");
            assertError(c.request(2, "{\"command\":\"up\",\"id\":2}"), "vehicle_unavailable", 2);
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"select\",\"vehicle\":\"simulator\",\"id\":3}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    c.request(4, "{\"command\":\"up\",\"id\":4}").path("type").asText());
        }
    }

    @Test
    void aProviderWhoseOpenThrowsLeavesItsVehicleFailedAndTheRestRunning() throws Exception {
        var broken = new dev.teledrive.api.VehicleProvider() {
            public String id() {
                return "brittle";
            }

            public String name() {
                return "Brittle";
            }

            public dev.teledrive.api.Vocabulary vocabulary() {
                return dev.teledrive.api.StandardVocabulary.motion(255);
            }

            public dev.teledrive.api.Vehicle open(dev.teledrive.api.VehicleContext context) {
                throw new IllegalStateException("cannot open, as asked");
            }
        };
        Path plugins = java.nio.file.Files.createDirectories(tmp.resolve("plugins"));
        TestServer.copySimulator(plugins);
        var config = new dev.teledrive.api.testkit.MapConfiguration(
                java.util.Map.of("port", "0", "plugins", plugins.toString()));
        try (var teledrive = dev.teledrive.server.Teledrive.builder(config)
                        .provider("brittle-plugin", broken)
                        .start();
                WsClient c = WsClient.connect(
                        java.net.URI.create(teledrive.uri().toString().replaceFirst("^http", "ws") + "ws"))) {
            c.next("hello");
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"brittle\",\"id\":1}")
                            .path("type")
                            .asText(),
                    "select is answered at once; its state tells how connecting went");
            JsonNode failed = c.nextWithVehicle("brittle", "failed");
            assertTrue(
                    WsClient.vehicleIn(failed, "brittle")
                            .path("reason")
                            .asText()
                            .contains("brittle-plugin plugin failed to open"),
                    failed.toString());
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"select\",\"vehicle\":\"simulator\",\"id\":2}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"up\",\"id\":3}").path("type").asText());
        }
    }
}
