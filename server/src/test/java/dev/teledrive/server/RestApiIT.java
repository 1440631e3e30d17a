package dev.teledrive.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API and the page on the same port as the WebSocket. */
class RestApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void servesStatusVehiclesHealthAndThePage() throws Exception {
        try (TestServer server = TestServer.start(tmp); WsClient c = server.connect()) {
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
            assertEquals(dev.teledrive.api.PluginApi.VERSION, status.path("pluginApi").asText());

            var page = server.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Teledrive"));
            String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(page.body().contains("<script src=") && !page.body().matches("(?s).*<script>.*"), "no inline script");
            assertEquals(404, server.get("/api/nothing").statusCode());
        }
    }
}
