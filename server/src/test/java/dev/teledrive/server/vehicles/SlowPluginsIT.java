package dev.teledrive.server.vehicles;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.PluginJar;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins built into real jars whose {@code connect()} hangs or whose tasks throw: nobody waits
 * for them, nothing is acknowledged that did not run, and a reconnect never doubles a tick.
 */
class SlowPluginsIT {

    @TempDir
    Path tmp;

    private TestServer start(String id, Class<?> provider) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJar.write(plugins.resolve(id + ".jar"), id, provider);
        return TestServer.start(tmp, c -> c.with("vehicles.connectSeconds", "1"));
    }

    private static boolean telemetryOf(JsonNode m, String vehicle) {
        return "telemetry".equals(m.path("type").asText())
                && vehicle.equals(m.path("vehicle").asText());
    }

    @Test
    void aConnectThatHangsIsAnsweredAtOnceRefusesCommandsAndFailsAtItsDeadline() throws Exception {
        try (TestServer server = start("slowstart", SlowStartProvider.class);
                WsClient c = server.connect()) {
            assertEquals("driver", c.next("hello").path("role").asText());
            JsonNode selected = c.request(1, "{\"command\":\"select\",\"vehicle\":\"slowstart\",\"id\":1}");
            assertEquals("ack", selected.path("type").asText(), "select waits for no connect: " + selected);
            // A state with the watchers' count may come first (AudienceRounds), caught between the
            // select's watch and its seat: the select's own state follows and has the driver seated.
            JsonNode state = c.next(inRole("slowstart", "driver"));
            assertEquals(
                    "connecting",
                    WsClient.vehicleIn(state, "slowstart").path("state").asText(),
                    state.toString());

            JsonNode pan = c.request(2, "{\"command\":\"pan\",\"id\":2}");
            assertError(pan, "vehicle_unavailable", 2);
            assertTrue(pan.path("message").asText().contains("still connecting"), pan.toString());
            assertError(c.request(3, "{\"command\":\"stop\",\"id\":3}"), "vehicle_unavailable", 3);

            JsonNode failed = c.nextWithVehicle("slowstart", "failed");
            String reason =
                    WsClient.vehicleIn(failed, "slowstart").path("reason").asText();
            assertTrue(reason.contains("did not connect within 1 s (vehicles.connectSeconds)"), reason);

            c.selectConnected("slowstart"); // its second connect is quick
            JsonNode sample = c.next(m -> telemetryOf(m, "slowstart"));
            assertEquals(2, sample.path("connects").asInt());
            assertEquals("none", sample.path("ran").asText(), "the pan refused while connecting never ran");
            assertEquals(
                    "ack",
                    c.request(4, "{\"command\":\"pan\",\"id\":4}").path("type").asText());
            c.next(m ->
                    telemetryOf(m, "slowstart") && "pan".equals(m.path("ran").asText()));
        }
    }

    @Test
    void aVehicleThatFailsAndIsSelectedAgainTicksOnceNotTwice() throws Exception {
        try (TestServer server = start("flaky", FlakyTickProvider.class);
                WsClient c = server.connect()) {
            c.next("hello");
            c.selectConnected("flaky");
            for (int cycle = 1; cycle <= 2; cycle++) {
                assertEquals(
                        "ack",
                        c.request("f" + cycle, "{\"command\":\"fail\",\"id\":\"f" + cycle + "\"}")
                                .path("type")
                                .asText());
                c.nextWithVehicle("flaky", "failed");
                c.selectConnected("flaky");
            }
            c.clear();
            int connects = 0;
            for (int i = 0; i < 10; i++) { // samples of the third connect, each saying how many ticks run
                JsonNode sample = c.next(m -> telemetryOf(m, "flaky"));
                connects = sample.path("connects").asInt();
                assertEquals(1, sample.path("ticking").asInt(), "after two failures and reconnects: " + sample);
            }
            assertEquals(3, connects);
        }
    }
}
