package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulator cars nobody has selected yet are idle, not disconnected, on the wire and over REST. */
class IdleVehiclesIT {

    @TempDir
    Path tmp;

    private static Map<String, String> states(JsonNode vehicles) {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode v : vehicles) {
            if (v.path("id").asText().startsWith("simulator")) {
                states.put(v.path("id").asText(), v.path("state").asText());
            }
        }
        return states;
    }

    @Test
    void carsNobodySelectedAreIdleUntilTheirFirstSelect() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("simulator.cars", "a,b,c"));
                WsClient c = server.connect()) {
            JsonNode hello = c.next("hello");
            Map<String, String> expected =
                    Map.of("simulator-a", "connected", "simulator-b", "idle", "simulator-c", "idle");
            assertEquals(expected, states(hello.path("vehicles")));
            assertFalse(WsClient.vehicleIn(hello, "simulator-b").has("reason"), hello.toString());
            JsonNode listed =
                    new ObjectMapper().readTree(server.get("/api/vehicles").body());
            assertEquals(expected, states(listed));

            c.selectConnected("simulator-b");
            assertEquals(
                    Map.of("simulator-a", "connected", "simulator-b", "connected", "simulator-c", "idle"),
                    states(new ObjectMapper()
                            .readTree(server.get("/api/vehicles").body())));
        }
    }
}
