package dev.teledrive.plugins.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.api.testkit.TestVehicleContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated car through its vehicle interface, with the plugin test kit's clock moved by hand. */
class SimulatedCarTest {

    private final TestVehicleContext context = new TestVehicleContext("simulator", Map.of());
    private final ManualClock clock = context.clock();
    private final List<Telemetry> samples = context.samples();
    private final SimulatedCar car = (SimulatedCar) new SimulatorProvider().open(context);

    SimulatedCarTest() throws VehicleException {}

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void publishesTheFourProtocolFieldsFirstThenItsOwn() {
        car.tick();
        var fields = samples.get(0).fields();
        assertEquals(
                List.of("x", "y", "heading", "speed", "wall", "level", "direction", "arenaWidth", "arenaHeight"),
                List.copyOf(fields.keySet()));
        assertEquals(2.0, fields.get("x"));
        assertEquals("stop", fields.get("direction"));
    }

    @Test
    void connectedItTicksTwentyTimesASecondOnItsOwnThreadAsTheClockMoves() throws Exception {
        context.run(car::connect);
        context.run(() -> car.accept(bind("up", Map.of())));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(20, samples.size(), "20 Hz, only as the test moves the clock");
        assertTrue((double) samples.get(19).fields().get("y") > 1.5, "and it drove");
    }

    @Test
    void upMovesForwardAtTheDefaultLevelAsTheClockAdvances() throws Exception {
        car.accept(bind("up", Map.of()));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(50));
            car.tick();
        }
        var last = samples.get(samples.size() - 1).fields();
        assertEquals(1.2, (double) last.get("speed"), 1e-9, "level 12 of 15 at 1.5 m/s");
        assertTrue((double) last.get("y") > 1.5);
        assertEquals(12L, last.get("level"));
        assertEquals("ahead", last.get("direction"));
    }

    @Test
    void rawBytesDriveExactlyLikeTheNamedCommands() throws Exception {
        var named = (SimulatedCar) new SimulatorProvider().open(new TestVehicleContext("simulator", Map.of()));
        named.accept(bind("up", Map.of("speed", 15)));
        car.accept(bind("raw", Map.of("data", 0x1F)));
        named.physics().step(0.7);
        car.physics().step(0.7);
        assertEquals(named.physics().y(), car.physics().y(), 1e-12);
        car.accept(bind("raw", Map.of("data", 0x00)));
        assertTrue(car.physics().command().isStop());
        car.accept(bind("raw", Map.of("data", 0x9F)));
        assertTrue(car.physics().command().isStop(), "an undefined direction stops");
    }

    @Test
    void driveMapsTheStickToTheNearestDirection() throws Exception {
        car.accept(bind("drive", Map.of("throttle", -1.0, "steer", -0.9)));
        assertEquals("REVERSE_LEFT", car.physics().direction().name());
        assertEquals(15, car.physics().command().speed());
        car.accept(bind("drive", Map.of("throttle", 0.05, "steer", 0.0)));
        assertTrue(car.physics().command().isStop(), "the dead zone stops");
    }

    @Test
    void theMaximumLevelCapsEveryCommand() throws Exception {
        var gentle = (SimulatedCar)
                new SimulatorProvider().open(new TestVehicleContext("simulator", Map.of("simulator.maxLevel", "5")));
        gentle.accept(bind("up", Map.of("speed", 15)));
        assertEquals(5, gentle.physics().command().speed());
        gentle.accept(bind("raw", Map.of("data", 0x2F)));
        assertEquals(5, gentle.physics().command().speed());
        gentle.accept(bind("drive", Map.of("throttle", 1.0, "steer", 0.0)));
        assertEquals(5, gentle.physics().command().speed());
    }

    @Test
    void stopAndABadSettingAreHandled() throws Exception {
        car.accept(bind("up", Map.of()));
        car.stop();
        assertTrue(car.physics().command().isStop());
        var e = assertThrows(
                VehicleException.class,
                () -> new SimulatorProvider()
                        .open(new TestVehicleContext("simulator", Map.of("simulator.telemetryHz", "0"))));
        assertTrue(e.getMessage().contains("simulator.telemetryHz"), e.getMessage());
    }

    private static Command bind(String name, Map<String, ?> fields) throws Exception {
        var spec = StandardVocabulary.motion(255).find(name).orElseThrow();
        return spec.bind(fields, Duration.ofSeconds(1));
    }
}
