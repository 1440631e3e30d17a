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

    @Test
    void theAdminSkipsATurnAndPausesAQueueOverRest() throws Exception {
        try (TestServer server =
                        TestServer.start(tmp, c -> c.with("driverToken", "d").with("adminToken", "boss"));
                WsClient a = server.connect();
                WsClient b = server.connect()) {
            a.next("hello");
            b.next("hello");
            a.request(1, "{\"command\":\"auth\",\"token\":\"d\",\"id\":1}");
            b.request(2, "{\"command\":\"auth\",\"token\":\"d\",\"id\":2}");
            b.request(3, "{\"command\":\"claim\",\"id\":3}");
            assertEquals(
                    401,
                    post(server, "/api/admin/vehicles/simulator/skip", null).statusCode());
            assertEquals(
                    401,
                    post(server, "/api/admin/vehicles/simulator/skip", "d").statusCode(),
                    "a driver is not the admin");
            assertEquals(
                    404,
                    post(server, "/api/admin/vehicles/nowhere/skip", "boss").statusCode());

            var skipped = post(server, "/api/admin/vehicles/simulator/skip", "boss");
            assertEquals("{\"vehicle\":\"simulator\",\"action\":\"skip\",\"result\":\"done\"}", skipped.body());
            b.next(m ->
                    "state".equals(m.path("type").asText()) && m.path("driver").asBoolean());
            JsonNode back = a.next(m -> "state".equals(m.path("type").asText())
                    && "queued".equals(m.path("role").asText()));
            assertEquals(1, back.path("queue").path("position").asInt());

            assertEquals(
                    200,
                    post(server, "/api/admin/vehicles/simulator/pause", "boss").statusCode());
            JsonNode paused =
                    JSON.readTree(server.get("/api/vehicles", "boss").body()).get(0);
            assertTrue(
                    paused.path("paused").asBoolean() && paused.path("driven").asBoolean(), paused.toString());
            assertEquals(1, paused.path("queue").asInt());
            b.request(4, "{\"command\":\"release\",\"id\":4}");
            assertFalse(
                    JSON.readTree(server.get("/api/vehicles", "boss").body())
                            .get(0)
                            .path("driven")
                            .asBoolean(),
                    "a paused queue hands the seat to nobody");
            assertEquals(
                    200,
                    post(server, "/api/admin/vehicles/simulator/resume", "boss").statusCode());
            a.next(m ->
                    "state".equals(m.path("type").asText()) && m.path("driver").asBoolean());
        }
    }
}
