package dev.teledrive.server.vehicles;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.PluginJar;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A turret built into a real jar whose safety stop also switches its laser off: the end of an arrow
 * key's move is not the safety stop, and a safety stop that failed is never papered over.
 */
class TwoStopsIT {

    @TempDir
    Path tmp;

    private TestServer start() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJar.write(plugins.resolve("turret.jar"), "turret", LaserTurretProvider.class);
        return TestServer.start(tmp);
    }

    private static JsonNode sample(WsClient c, java.util.function.Predicate<JsonNode> wanted)
            throws InterruptedException {
        return c.next(m -> "telemetry".equals(m.path("type").asText())
                && "turret".equals(m.path("vehicle").asText())
                && wanted.test(m));
    }

    private static String ack(JsonNode reply) {
        return reply.path("type").asText();
    }

    @Test
    void theEndOfAnArrowKeysMoveKeepsTheLaserOnAndTheSafetyStopSwitchesItOff() throws Exception {
        try (TestServer server = start();
                WsClient c = server.connect()) {
            c.next("hello");
            c.selectConnected("turret");
            assertEquals("ack", ack(c.request(1, "{\"command\":\"laser\",\"on\":true,\"id\":1}")));
            assertEquals("ack", ack(c.request(2, "{\"command\":\"up\",\"duration\":0.1,\"id\":2}")));
            JsonNode ended = sample(c, m -> m.path("ends").asInt() == 1);
            assertTrue(ended.path("laser").asBoolean(), "the laser survives the end of a move: " + ended);
            assertFalse(ended.path("moving").asBoolean());
            assertEquals(0, ended.path("stops").asInt(), "no safety stop for an arrow key: " + ended);

            assertEquals("ack", ack(c.request(3, "{\"command\":\"stop\",\"id\":3}")));
            JsonNode stopped = sample(c, m -> m.path("stops").asInt() == 1);
            assertFalse(stopped.path("laser").asBoolean(), "the safety stop makes it safe: " + stopped);
        }
    }

    @Test
    void aTurretWhoseStopFailedStaysFailedUntilAStopSucceeds() throws Exception {
        try (TestServer server = start();
                WsClient c = server.connect()) {
            c.next("hello");
            c.selectConnected("turret");
            assertEquals("ack", ack(c.request(1, "{\"command\":\"laser\",\"on\":true,\"id\":1}")));
            assertEquals("ack", ack(c.request(2, "{\"command\":\"jam\",\"stops\":2,\"id\":2}")));
            JsonNode refused = c.request(3, "{\"command\":\"stop\",\"id\":3}");
            assertError(refused, "vehicle_unavailable", 3);
            assertTrue(refused.path("message").asText().contains("did not stop"), refused.toString());
            c.nextWithVehicle("turret", "failed");

            assertEquals("ack", ack(c.request(4, "{\"command\":\"select\",\"vehicle\":\"turret\",\"id\":4}")));
            JsonNode owed = sample(c, m -> m.path("stops").asInt() == 2); // reconnected, it owed a stop: it failed too
            assertTrue(owed.path("laser").asBoolean(), owed.toString());
            JsonNode listed = vehicle(server);
            assertEquals("failed", listed.path("state").asText(), "not connected with the laser on: " + listed);
            assertTrue(listed.path("reason").asText().contains("did not stop"), listed.toString());
            assertError(c.request(5, "{\"command\":\"up\",\"id\":5}"), "vehicle_unavailable", 5);

            assertEquals("ack", ack(c.request(6, "{\"command\":\"stop\",\"id\":6}")), "this stop went through");
            c.nextWithVehicle("turret", "connected");
            assertFalse(
                    sample(c, m -> m.path("stops").asInt() == 3).path("laser").asBoolean());
            assertEquals("ack", ack(c.request(7, "{\"command\":\"up\",\"id\":7}")));
        }
    }

    private static JsonNode vehicle(TestServer server) throws Exception {
        for (JsonNode v :
                new ObjectMapper().readTree(server.get("/api/vehicles").body())) {
            if ("turret".equals(v.path("id").asText())) {
                return v;
            }
        }
        throw new AssertionError("turret is not listed");
    }
}
