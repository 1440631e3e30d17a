package dev.teledrive.plugins.donkeycar;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin jar as it ships, in a real Teledrive, driving the fake Donkeycar: a driver's commands
 * reach the car as angle and throttle, and every way of losing the driver leaves the car at
 * throttle 0.
 */
class DonkeycarPluginIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private FakeDonkeycar car;
    private Teledrive teledrive;

    @BeforeEach
    void startCar() throws Exception {
        car = FakeDonkeycar.start();
    }

    /** A Teledrive with only this plugin, configured for the fake car. */
    private void startTeledrive(Map<String, String> more) throws Exception {
        Path jar = Path.of(System.getProperty("teledrive.donkeycar.jar", "target/teledrive-plugin-donkeycar.jar"));
        assertTrue(Files.isRegularFile(jar), "the plugin jar is built at " + jar + ": run ./mvnw verify");
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, plugins.resolve("donkeycar.jar"));
        teledrive = Teledrive.builder(new MapConfiguration(Map.of(
                        "port",
                        "0",
                        "plugins",
                        plugins.toString(),
                        "vehicle",
                        "donkeycar",
                        "donkeycar.url",
                        car.driveUrl().toString())))
                .start();
    }

    @AfterEach
    void stop() {
        if (teledrive != null) {
            teledrive.close();
        }
        car.close();
    }

    @Test
    void aDriverDrivesTheCarAndLeavingStopsIt() throws Exception {
        startTeledrive(Map.of("control.deadmanMillis", "600000")); // so that only the disconnect can stop it
        try (WsClient driver = WsClient.connect(endpoint("ws"))) {
            JsonNode hello = driver.next("hello");
            JsonNode vehicle = hello.path("vehicles").get(0);
            assertEquals("donkeycar", vehicle.path("id").asText(), hello.toString());
            assertEquals("[\"donkeycar\"]", vehicle.path("cameras").toString());
            assertAck(driver.request("s", "{\"command\":\"select\",\"vehicle\":\"donkeycar\",\"id\":\"s\"}"));
            driver.peek(WsClient.showing("donkeycar", "connected")); // select is answered before it connects
            assertAck(driver.request("c", "{\"command\":\"claim\",\"id\":\"c\"}"));
            assertAck(driver.request("d", "{\"command\":\"drive\",\"throttle\":0.6,\"steer\":-0.5,\"id\":\"d\"}"));
            await().atMost(WAIT)
                    .until(() ->
                            car.last() != null && car.last().path("throttle").asDouble() != 0);
            assertEquals(-0.5, car.last().path("angle").asDouble());
            assertEquals(0.3, car.last().path("throttle").asDouble(), 1e-9, "maxThrottle 0.5 scales the page's 0.6");
            assertEquals(0.0, car.messages().get(0).path("throttle").asDouble(), "the first message was a stop");
        }
        await().atMost(WAIT).until(() -> car.last().path("throttle").asDouble() == 0);
        assertEquals(0.0, car.last().path("angle").asDouble());
    }

    @Test
    void aDriverWhoGoesQuietIsStoppedByTheDeadMan() throws Exception {
        startTeledrive(Map.of());
        try (WsClient driver = WsClient.connect(endpoint("ws"))) {
            driver.next("hello");
            assertAck(driver.request("c", "{\"command\":\"claim\",\"id\":\"c\"}"));
            assertAck(driver.request("d", "{\"command\":\"drive\",\"throttle\":1,\"steer\":0,\"id\":\"d\"}"));
            await().atMost(WAIT)
                    .until(() ->
                            car.last() != null && car.last().path("throttle").asDouble() == 0.5);
            // Nothing more from the driver: the host's dead-man stops the car while the driver is still there.
            await().atMost(WAIT).until(() -> car.last().path("throttle").asDouble() == 0);
            assertTrue(!driver.isClosed());
        }
    }

    @Test
    void theCarsVideoIsItsCamera() throws Exception {
        startTeledrive(Map.of());
        try (VideoClient viewer = VideoClient.connect(endpoint("video"))) {
            viewer.watch("donkeycar");
            VideoClient.Frame frame = viewer.frameOf("donkeycar");
            assertEquals(
                    FakeDonkeycar.WIDTH,
                    frame.header().path("width").asInt(),
                    frame.header().toString());
            assertEquals(1, car.openVideoStreams());
        }
        await().atMost(WAIT).until(() -> car.openVideoStreams() == 0);
    }

    @Test
    void aDriverWhoReleasesTheSeatLeavesTheCarStopped() throws Exception {
        startTeledrive(Map.of("control.deadmanMillis", "600000"));
        try (WsClient driver = WsClient.connect(endpoint("ws"))) {
            driver.next("hello");
            assertAck(driver.request("c", "{\"command\":\"claim\",\"id\":\"c\"}"));
            assertAck(driver.request("d", "{\"command\":\"drive\",\"throttle\":-1,\"steer\":1,\"id\":\"d\"}"));
            await().atMost(WAIT)
                    .until(() ->
                            car.last() != null && car.last().path("throttle").asDouble() == -0.5);
            assertAck(driver.request("r", "{\"command\":\"release\",\"id\":\"r\"}"));
            await().atMost(WAIT).until(() -> car.last().path("throttle").asDouble() == 0);
            assertTrue(!driver.isClosed());
        }
    }

    private URI endpoint(String path) {
        return URI.create(teledrive.uri().toString().replaceFirst("^http", "ws") + path);
    }

    private static void assertAck(JsonNode reply) {
        assertEquals("ack", reply.path("type").asText(), reply.toString());
    }
}
