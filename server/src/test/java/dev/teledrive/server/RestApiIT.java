package dev.teledrive.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API and the page on the same port as the WebSocket. */
class RestApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void servesStatusVehiclesHealthAndThePage() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            c.next("hello");
            var health = server.get("/healthz");
            assertEquals(200, health.statusCode());
            assertEquals("ok", JSON.readTree(health.body()).path("status").asText());

            JsonNode vehicles = JSON.readTree(server.get("/api/vehicles").body());
            assertEquals("simulator", vehicles.get(0).path("id").asText());
            assertTrue(vehicles.get(0).path("selected").asBoolean());
            assertEquals("connected", vehicles.get(0).path("state").asText());
            assertEquals("simulator", vehicles.get(0).path("plugin").asText());

            JsonNode status = JSON.readTree(server.get("/api/status").body());
            assertEquals("simulator", status.path("selected").asText());
            assertEquals(1, status.path("connections").asInt());
            assertTrue(status.path("driver").asBoolean());
            assertEquals(
                    dev.teledrive.api.PluginApi.VERSION,
                    status.path("pluginApi").asText());

            var page = server.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Teledrive"));
            String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
            assertEquals(
                    "nosniff",
                    page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(
                    page.body().contains("<script src=") && !page.body().matches("(?s).*<script>.*"),
                    "no inline script");
            assertEquals(404, server.get("/api/nothing").statusCode());
            assertTrue(server.teledrive().legacyPort().isEmpty(), "no legacy port unless asked");
        }
    }

    @Test
    void withAccessControlTheApiNeedsATokenAndOnlyTheAdminSeesFolders() throws Exception {
        try (TestServer server = TestServer.start(
                tmp, c -> c.with("driverToken", "d").with("spectatorToken", "s").with("adminToken", "boss"))) {
            assertEquals(200, server.get("/healthz", null).statusCode(), "monitors need no token");
            for (String path : new String[] {"/api/status", "/api/vehicles", "/api/plugins", "/api/nothing"}) {
                var refused = server.get(path, null);
                assertEquals(401, refused.statusCode(), path);
                assertEquals(
                        "unauthorized",
                        JSON.readTree(refused.body()).path("error").asText(),
                        path);
                assertTrue(refused.headers().firstValue("WWW-Authenticate").isPresent(), path);
                assertEquals(401, server.get(path, "wrong").statusCode(), path);
            }
            assertEquals(200, server.get("/api/status", "s").statusCode(), "a spectator may read");
            assertEquals(200, server.get("/api/vehicles", "d").statusCode(), "a driver may read");

            String folder = server.plugins().toAbsolutePath().toString();
            String forDriver = server.get("/api/plugins", "d").body();
            assertTrue(forDriver.contains("\"simulator.jar\""), forDriver);
            assertFalse(forDriver.contains(folder), "no installation path for a driver: " + forDriver);
            String forAdmin = server.get("/api/plugins", "boss").body();
            assertTrue(forAdmin.contains(folder), "the owner sees where each plugin came from: " + forAdmin);
        }
    }

    /** Clients may read the replies as text: every field keeps its name, its kind of value and its place. */
    @Test
    void everyReplyKeepsItsFieldsInTheirOrder() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            c.next("hello");
            JsonNode status = JSON.readTree(server.get("/api/status").body());
            assertEquals(
                    List.of(
                            "version",
                            "pluginApi",
                            "uptimeSeconds",
                            "selected",
                            "driver",
                            "connections",
                            "vehicles",
                            "plugins",
                            "runtime"),
                    fields(status));
            assertTrue(
                    status.path("version").isTextual()
                            && status.path("uptimeSeconds").isIntegralNumber()
                            && status.path("driver").isBoolean()
                            && status.path("vehicles").asInt() == 2
                            && status.path("plugins").asInt() == 1,
                    status.toString());
            assertEquals(List.of("threads", "heapUsedBytes", "heapAfterLastGcBytes"), fields(status.path("runtime")));

            JsonNode vehicle = JSON.readTree(server.get("/api/vehicles").body()).get(0);
            assertEquals(
                    List.of(
                            "id",
                            "name",
                            "plugin",
                            "connected",
                            "state",
                            "reason",
                            "selected",
                            "commands",
                            "driven",
                            "queue",
                            "viewers",
                            "paused"),
                    fields(vehicle));
            assertTrue(
                    vehicle.path("connected").isBoolean()
                            && vehicle.path("reason").isNull()
                            && vehicle.path("commands").get(0).isTextual(),
                    vehicle.toString());

            JsonNode plugin = JSON.readTree(server.get("/api/plugins").body()).get(0);
            assertEquals(List.of("id", "version", "file", "state", "reason", "vehicles", "cameras"), fields(plugin));

            assertEquals("{\"status\":\"ok\"}", server.get("/healthz").body());
            assertEquals(
                    List.of("error", "message"),
                    fields(JSON.readTree(server.get("/api/nothing").body())));
        }
    }

    private static List<String> fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
