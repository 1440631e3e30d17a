package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.iracer.fake.FakeIRacer;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real i-Racer plugin jar, loaded by PF4J, driven through /ws, writing to a fake car over
 * tcp:// that records every byte.
 */
class IRacerEndToEndIT {

    @TempDir
    Path tmp;

    private TestServer server(String url) throws Exception {
        return TestServer.start(tmp, c -> {
            try {
                TestServer.copyPlugin("iracer.jar", Path.of(c.get("plugins").orElseThrow()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return c.with("iracer.url", url);
        });
    }

    private static boolean vehicleState(JsonNode m, String id, String state) {
        if (!"state".equals(m.path("type").asText())) {
            return false;
        }
        for (JsonNode v : m.path("vehicles")) {
            if (id.equals(v.path("id").asText()) && state.equals(v.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyCommandBecomesTheRightByteAndEveryLossOfTheDriverAStop() throws Exception {
        try (FakeIRacer car = new FakeIRacer();
                TestServer server = server(car.url())) {
            WsClient c = server.connect();
            JsonNode hello = c.next("hello");
            assertTrue(hello.path("vehicles").toString().contains("\"id\":\"iracer\""), hello.toString());
            c.selectConnected("iracer");
            assertEquals(0x00, car.nextByte(), "connecting sends a stop first");

            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"up\",\"duration\":0.2,\"data\":null,\"id\":2}")
                            .path("type")
                            .asText());
            long[] up = car.nextByteAndTime();
            long[] stop = car.nextByteAndTime();
            assertEquals(0x1C, up[0]);
            assertEquals(0x00, stop[0], "the timed command ends with a stop byte");
            System.out.printf(
                    "i-Racer: stop byte %.1f ms after the up byte (duration 200 ms)%n", (stop[1] - up[1]) / 1e6);

            c.request(3, "{\"command\":\"down\",\"duration\":0.05,\"id\":3}");
            assertEquals(0x2C, car.nextByte());
            assertEquals(0x00, car.nextByte());
            c.request(4, "{\"command\":\"left\",\"id\":4}");
            assertEquals(0x3C, car.nextByte());
            assertEquals(0x00, car.nextByte());
            c.request(5, "{\"command\":\"right\",\"speed\":15,\"id\":5}");
            assertEquals(0x4F, car.nextByte());
            assertEquals(0x00, car.nextByte());
            c.request(6, "{\"command\":\"raw\",\"data\":101,\"id\":6}");
            assertEquals(101, car.nextByte());
            assertEquals(0x00, car.nextByte());
            c.request(7, "{\"command\":\"drive\",\"throttle\":0.7,\"steer\":-0.7,\"id\":7}");
            assertEquals(0x5A, car.nextByte(), "ahead-left; (0.7 - 0.15) / 0.85 of 15 rounds up to level 10");
            assertEquals(0x00, car.nextByte(), "the dead-man stops the held drive");

            c.request(8, "{\"command\":\"up\",\"duration\":2,\"id\":8}");
            assertEquals(0x1C, car.nextByte());
            c.close();
            assertEquals(0x00, car.nextByte(), "the driver's connection closing stops the car");
        }
    }

    @Test
    void aDroppedLinkIsShownReconnectedAndStoppedFirst() throws Exception {
        try (FakeIRacer car = new FakeIRacer();
                TestServer server = server(car.url());
                WsClient c = server.connect()) {
            c.next("hello");
            c.selectConnected("iracer");
            assertEquals(0x00, car.nextByte());
            c.request(2, "{\"command\":\"up\",\"duration\":2,\"id\":2}");
            assertEquals(0x1C, car.nextByte());
            c.clear(); // the states of the first connection must not pass for those of the reconnection
            car.dropLink();
            // The first write after a drop may still land in the socket's buffer; a later one finds the link gone.
            JsonNode connecting = null;
            for (int i = 0; i < 50 && connecting == null; i++) {
                c.send("{\"command\":\"up\",\"duration\":2}");
                // Past it: a 'connected' state from before the drop (the seat the up above took) is history.
                connecting = c.pollPast(m -> vehicleState(m, "iracer", "connecting"), Duration.ofMillis(100));
            }
            assertNotNull(connecting, "a write to the dropped link shows the car reconnecting");
            c.next(m -> vehicleState(m, "iracer", "connected"));
            car.awaitByte(0x00);
            assertEquals(2, car.connections());
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"up\",\"speed\":5,\"id\":3}")
                            .path("type")
                            .asText());
            car.awaitByte(0x15);
        }
    }

    @Test
    void withoutABluetoothStackTheCarExplainsAndTheSimulatorDrivesOn() throws Exception {
        try (TestServer server = server("btspp://0016530A1B2C:1");
                WsClient c = server.connect()) {
            c.next("hello");
            JsonNode selected = c.request(1, "{\"command\":\"select\",\"vehicle\":\"iracer\",\"id\":1}");
            assertEquals("ack", selected.path("type").asText(), "answered at once: " + selected);
            JsonNode failed = c.nextWithVehicle("iracer", "failed");
            // Here: no libbluetooth, or no adapter where BlueZ is installed; either way the next step is named.
            String why = WsClient.vehicleIn(failed, "iracer").path("reason").asText();
            assertTrue(why.startsWith("no Bluetooth") || why.startsWith("cannot reach the car"), why);
            assertTrue(why.contains("simulator") || why.contains("bluetoothctl"), why);
            assertFalse(why.contains("Exception"), why);
            assertEquals(
                    "vehicle_unavailable",
                    c.request(2, "{\"command\":\"up\",\"id\":2}").path("code").asText());
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
}
