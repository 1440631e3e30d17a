package dev.teledrive.plugins.donkeycar;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.Command;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.testkit.TestVehicleContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real car link against the fake Donkeycar: what the car gets for each command, and how drops are handled. */
class DonkeycarCarTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeDonkeycar car;
    private TestVehicleContext context;
    private Vehicle vehicle;

    @BeforeEach
    void start() throws Exception {
        car = FakeDonkeycar.start();
        context = new TestVehicleContext(
                "donkeycar", Map.of("donkeycar.url", car.driveUrl().toString()));
        vehicle = provider().open(context);
        context.run(vehicle::connect);
    }

    @AfterEach
    void stop() throws Exception {
        context.run(vehicle::close);
        context.close();
        car.close();
    }

    static DonkeycarProvider provider() {
        return new DonkeycarProvider(
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    @Test
    void theFirstMessageIsAStopInUserMode() {
        await().atMost(WAIT).until(() -> car.messages().size() >= 1);
        assertEquals(
                "{\"angle\":0.0,\"throttle\":0.0,\"drive_mode\":\"user\",\"recording\":false}",
                car.messages().get(0).toString());
    }

    @Test
    void driveSendsSteerAsAngleAndThrottleScaledByMaxThrottle() throws Exception {
        context.run(() -> vehicle.accept(drive(0.8, -0.25)));
        JsonNode last = awaitLast(m -> m.path("throttle").asDouble() != 0);
        assertEquals(-0.25, last.path("angle").asDouble());
        assertEquals(0.4, last.path("throttle").asDouble(), 1e-9); // maxThrottle 0.5 by default
        assertEquals("user", last.path("drive_mode").asText());
        assertEquals(false, last.path("recording").asBoolean());
        assertTrue(last.path("angle").isNumber() && last.path("throttle").isNumber(), last.toString());
    }

    @Test
    void stopSendsThrottleZeroAndStraightWheels() throws Exception {
        context.run(() -> vehicle.accept(drive(1, 1)));
        awaitLast(m -> m.path("throttle").asDouble() == 0.5);
        context.run(vehicle::stop);
        JsonNode last = awaitLast(m -> m.path("throttle").asDouble() == 0);
        assertEquals(0.0, last.path("angle").asDouble());
    }

    @Test
    void timedCommandsMoveAtTheirSpeedAndTurnWhileMovingAhead() throws Exception {
        context.run(() -> vehicle.accept(new Command("up", Map.of("speed", 15L), Duration.ofMillis(100))));
        assertEquals(
                0.5,
                awaitLast(m -> m.path("throttle").asDouble() > 0)
                        .path("throttle")
                        .asDouble(),
                1e-9);
        context.run(() -> vehicle.accept(new Command("down", Map.of(), Duration.ofMillis(100))));
        assertEquals(
                -0.4,
                awaitLast(m -> m.path("throttle").asDouble() < 0)
                        .path("throttle")
                        .asDouble(),
                1e-9);
        context.run(() -> vehicle.accept(new Command("left", Map.of("speed", 3L), Duration.ofMillis(100))));
        JsonNode left = awaitLast(m -> m.path("angle").asDouble() < 0);
        assertEquals(0.1, left.path("throttle").asDouble(), 1e-9);
        context.run(() -> vehicle.accept(new Command("right", Map.of(), Duration.ofMillis(100))));
        assertEquals(
                1.0,
                awaitLast(m -> m.path("angle").asDouble() > 0).path("angle").asDouble());
    }

    @Test
    void recordTurnsRecordingOnForTheFollowingMessages() throws Exception {
        context.run(() -> vehicle.accept(new Command("record", Map.of("on", true), null)));
        awaitLast(m -> m.path("recording").asBoolean());
        context.run(() -> vehicle.accept(drive(0.2, 0)));
        assertTrue(awaitLast(m -> m.path("throttle").asDouble() > 0)
                .path("recording")
                .asBoolean());
        context.run(vehicle::stop);
        assertTrue(awaitLast(m -> m.path("throttle").asDouble() == 0)
                .path("recording")
                .asBoolean());
        context.run(() -> vehicle.accept(new Command("record", Map.of("on", false), null)));
        awaitLast(m -> !m.path("recording").asBoolean());
    }

    @Test
    void eachCommandIsPublishedAsTelemetry() throws Exception {
        context.run(() -> vehicle.accept(drive(1, 0.5)));
        var sample = context.samples().get(context.samples().size() - 1).fields();
        assertEquals(0.5, sample.get("angle"));
        assertEquals(0.5, sample.get("throttle"));
        assertEquals(false, sample.get("recording"));
    }

    @Test
    void aDroppedLinkReportsReconnectsAndSendsAStopBeforeAnythingElse() throws Exception {
        context.run(() -> vehicle.accept(drive(1, 0)));
        awaitLast(m -> m.path("throttle").asDouble() > 0);
        car.dropConnections();
        await().atMost(WAIT).until(() -> context.states().contains("connected"));
        assertTrue(
                context.states().indexOf("connecting") < context.states().indexOf("connected"),
                context.states().toString());
        await().atMost(WAIT).until(() -> car.connections().size() == 2);
        await().atMost(WAIT).until(() -> !car.connections().get(1).messages().isEmpty());
        assertEquals(
                0.0, car.connections().get(1).messages().get(0).path("throttle").asDouble());
        context.run(() -> vehicle.accept(drive(0.5, 0)));
        await().atMost(WAIT)
                .until(() -> car.connections().get(1).messages().stream()
                        .anyMatch(m -> m.path("throttle").asDouble() == 0.25));
    }

    @Test
    void whileTheCarIsGoneCommandsFailWithAReasonAndStopsStillWork() throws Exception {
        car.stop();
        await().atMost(WAIT).until(() -> context.states().contains("connecting"));
        VehicleException e = assertThrows(VehicleException.class, () -> context.run(() -> vehicle.accept(drive(1, 0))));
        assertTrue(e.getMessage().contains("down"), e.getMessage());
        context.run(vehicle::stop); // never throws
        car.restart();
        await().atMost(WAIT).until(() -> context.states().contains("connected"));
        Command drive = drive(1, 0);
        context.run(() -> vehicle.accept(drive));
        await().atMost(WAIT)
                .until(() -> car.connections().size() >= 2
                        && car.connections()
                                        .get(car.connections().size() - 1)
                                        .messages()
                                        .size()
                                >= 2);
        List<JsonNode> renewed =
                car.connections().get(car.connections().size() - 1).messages();
        assertEquals(0.0, renewed.get(0).path("throttle").asDouble(), "a stop goes first on the new connection");
    }

    @Test
    void aCarThatIsNotThereFailsToConnectWithItsAddress() throws Exception {
        car.stop();
        try (var other = new TestVehicleContext(
                "donkeycar", Map.of("donkeycar.url", car.driveUrl().toString()))) {
            Vehicle absent = provider().open(other);
            VehicleException e = assertThrows(VehicleException.class, () -> other.run(absent::connect));
            assertTrue(e.getMessage().contains(car.driveUrl().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("nothing answers"), e.getMessage());
            other.run(absent::close);
        }
        car.restart();
    }

    @Test
    void closeSendsALastStop() throws Exception {
        context.run(() -> vehicle.accept(drive(1, 0)));
        awaitLast(m -> m.path("throttle").asDouble() > 0);
        context.run(vehicle::close);
        await().atMost(WAIT).until(() -> car.last().path("throttle").asDouble() == 0);
    }

    @Test
    void whatTheCarSaysShowsInTelemetry() throws Exception {
        await().atMost(WAIT).until(() -> car.connections().size() == 1);
        car.say("{\"driveMode\": \"local_angle\"}");
        car.say("{\"recording\": true, \"num_records\": 1230}");
        await().atMost(WAIT)
                .until(() -> !context.samples().isEmpty()
                        && context.samples()
                                .get(context.samples().size() - 1)
                                .fields()
                                .containsKey("records"));
        var sample = context.samples().get(context.samples().size() - 1).fields();
        assertEquals("local_angle", sample.get("mode"));
        assertEquals(true, sample.get("recording"));
        assertEquals(1230L, sample.get("records"));
        assertEquals(0.0, sample.get("throttle"));
    }

    @Test
    void aCarThatAnswersPingsStaysConnected() throws Exception {
        try (var quick = new TestVehicleContext(
                "donkeycar", Map.of("donkeycar.url", car.driveUrl().toString()))) {
            Vehicle v = pinging(Duration.ofMillis(250)).open(quick);
            quick.run(v::connect);
            // Eight pings' time without a command: the pongs keep the link up. (A quarter of a second
            // between pings leaves a loaded test machine room for a late pong.)
            await().during(Duration.ofSeconds(2))
                    .atMost(WAIT)
                    .until(() -> quick.states().isEmpty());
            quick.run(v::close);
        }
    }

    @Test
    void aCarDrivenWithoutPauseIsStillPinged() throws Exception {
        try (var quick = new TestVehicleContext(
                "donkeycar", Map.of("donkeycar.url", car.driveUrl().toString()))) {
            Vehicle v = pinging(Duration.ofMillis(250)).open(quick);
            quick.run(v::connect);
            // A joystick's stream of drives for eight pings' time: the car answers none of them, so only
            // the pings sent in between keep the link up.
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                double throttle = (i % 10) / 10.0;
                quick.run(() -> v.accept(drive(throttle, 0)));
                Thread.sleep(20); // paces the driver, as a page sends at 50 Hz; nothing waits for an outcome here
            }
            assertEquals(List.of(), quick.states());
            quick.run(v::close);
        }
    }

    @Test
    void aCarThatFallsSilentIsTakenForGoneAndReconnected() throws Exception {
        try (var silent = new SilentCar();
                var quick = new TestVehicleContext(
                        "donkeycar", Map.of("donkeycar.url", silent.driveUrl().toString()))) {
            Vehicle v = pinging(Duration.ofMillis(100)).open(quick);
            quick.run(v::connect);
            // Each connection is taken for gone within 300 ms and opened again (the silent car accepts
            // every handshake, so the link keeps coming back and going again).
            await().atMost(WAIT).until(() -> quick.states().contains("connected") && silent.connections() >= 3);
            assertEquals("connecting", quick.states().get(0), quick.states().toString());
            quick.run(v::close);
        }
    }

    /** Pings every {@code period}, so a silent car is noticed within three of them. */
    private static DonkeycarProvider pinging(Duration period) {
        return new DonkeycarProvider(
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), period, Duration.ofSeconds(2));
    }

    static Command drive(double throttle, double steer) {
        return new Command("drive", Map.of("throttle", throttle, "steer", steer), null);
    }

    private JsonNode awaitLast(java.util.function.Predicate<JsonNode> wanted) {
        await().atMost(WAIT).until(() -> car.last() != null && wanted.test(car.last()));
        return car.last();
    }
}
