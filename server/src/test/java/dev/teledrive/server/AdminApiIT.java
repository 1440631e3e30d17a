package dev.teledrive.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin management over REST, for hosts where the plugins folder is not writable. */
class AdminApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static HttpResponse<String> post(TestServer server, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(server.teledrive().uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean lists(JsonNode m, String vehicle) {
        return "state".equals(m.path("type").asText())
                && m.path("vehicles").toString().contains("\"id\":\"" + vehicle + "\"");
    }

    @Test
    void theAdminDisablesEnablesAndReloadsAPlugin() throws Exception {
        try (TestServer server =
                        TestServer.start(tmp, c -> c.with("driverToken", "d").with("adminToken", "boss"));
                WsClient c = server.connect()) {
            c.next("hello");
            c.request(1, "{\"command\":\"auth\",\"token\":\"d\",\"id\":1}");
            assertEquals(
                    401,
                    post(server, "/api/admin/plugins/simulator/disable", null).statusCode());
            assertEquals(
                    401,
                    post(server, "/api/admin/plugins/simulator/disable", "d").statusCode(),
                    "a driver is not the admin");
            assertEquals(
                    404, post(server, "/api/admin/plugins/nope/disable", "boss").statusCode());
            assertEquals(
                    404,
                    post(server, "/api/admin/plugins/simulator/explode", "boss").statusCode());

            c.clear();
            var disabled = post(server, "/api/admin/plugins/simulator/disable", "boss");
            assertEquals(200, disabled.statusCode(), disabled.body());
            assertEquals("{\"plugin\":\"simulator\",\"action\":\"disable\",\"result\":\"done\"}", disabled.body());
            JsonNode state = c.next(m -> "state".equals(m.path("type").asText()) && !lists(m, "simulator"));
            assertEquals(
                    "recorder", state.path("selected").asText(), "the selection falls back at once, never to nothing");
            assertTrue(server.get("/api/plugins").body().contains("\"stopped\""));
            assertEquals(
                    "unchanged",
                    JSON.readTree(post(server, "/api/admin/plugins/simulator/disable", "boss")
                                    .body())
                            .path("result")
                            .asText());

            c.clear();
            assertEquals(
                    200,
                    post(server, "/api/admin/plugins/simulator/enable", "boss").statusCode());
            c.next(m -> lists(m, "simulator"));

            c.clear();
            assertEquals(
                    200,
                    post(server, "/api/admin/plugins/simulator/reload", "boss").statusCode());
            c.next(m -> lists(m, "simulator"));
            assertFalse(server.get("/api/plugins").body().contains("\"stopped\""));
        }
    }

    @Test
    void withoutAnAdminTokenTheApiIsClosed() throws Exception {
        try (TestServer server = TestServer.start(tmp)) {
            var refused = post(server, "/api/admin/plugins/simulator/disable", "anything");
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("TELEDRIVE_ADMIN_TOKEN"), refused.body());
        }
    }
}
