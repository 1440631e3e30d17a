package dev.teledrive.plugins.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetryObject;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.api.testkit.TestVehicleContext;
import dev.teledrive.iracer.protocol.Direction;
import dev.teledrive.iracer.protocol.IRacerCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several cars in one arena: each on its own vehicle thread, none passing through another. */
class SharedArenaTest {

    private static final Map<String, String> TWO_CARS = Map.of("simulator.cars", "a,b");
    private static final double CONTACT = 2 * Arena.CAR_RADIUS;

    private final SimulatorProvider provider = new SimulatorProvider();
    private final TestVehicleContext a = new TestVehicleContext("simulator-a", TWO_CARS);
    private final TestVehicleContext b = new TestVehicleContext("simulator-b", TWO_CARS);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void carsStartSpreadOutFacingTheSameWay() {
        var poses = Arena.startPoses(
                SimulatorSettings.DEFAULTS, List.of("simulator-a", "simulator-b", "simulator-c", "simulator-d"));
        for (int i = 0; i < poses.size(); i++) {
            for (int j = i + 1; j < poses.size(); j++) {
                assertTrue(distance(poses.get(i), poses.get(j)) > CONTACT, poses.get(i) + " and " + poses.get(j));
            }
        }
        var one = Arena.startPoses(SimulatorSettings.DEFAULTS, List.of("simulator"))
                .get(0);
        assertEquals(2.0, one.x(), 1e-9, "a car alone starts in the middle, as before");
        assertEquals(1.5, one.y(), 1e-9);
        var crowd = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> "simulator-" + i)
                .toList();
        var e = assertThrows(IllegalArgumentException.class, () -> new Arena(SimulatorSettings.DEFAULTS, crowd));
        assertTrue(e.getMessage().contains("simulator.cars"), e.getMessage());
    }

    @Test
    void eachSampleCarriesTheOtherCarsPose() throws Exception {
        Vehicle carA = provider.open(a);
        Vehicle carB = provider.open(b);
        a.run(carA::connect);
        b.run(carB::connect);
        b.run(() -> carB.accept(bind("up", Map.of())));
        b.clock().advance(Duration.ofMillis(500));
        a.clock().advance(Duration.ofMillis(50));

        Telemetry last = a.samples().get(a.samples().size() - 1);
        assertEquals(false, last.fields().get("bump"));
        List<?> others = (List<?>) last.fields().get("others");
        assertEquals(1, others.size());
        var other = ((TelemetryObject) others.get(0)).fields();
        assertEquals(List.of("vehicle", "x", "y", "heading"), List.copyOf(other.keySet()));
        assertEquals("simulator-b", other.get("vehicle"));
        Telemetry lastB = b.samples().get(b.samples().size() - 1);
        assertEquals(lastB.fields().get("x"), other.get("x"));
        assertEquals(lastB.fields().get("y"), other.get("y"), "where b last published itself");
        assertTrue((double) other.get("y") > 1.5, "b drove up");
    }

    @Test
    void aCarAloneHasNoOthersField() throws Exception {
        var alone = new TestVehicleContext("simulator", Map.of());
        try {
            var car = (SimulatedCar) provider.open(alone);
            car.tick();
            assertFalse(alone.samples().get(0).fields().containsKey("others"));
            assertFalse(alone.samples().get(0).fields().containsKey("bump"));
        } finally {
            alone.close();
        }
    }

    @Test
    void twoCarsDrivenIntoEachOtherNeverOverlap() throws Exception {
        Vehicle carA = provider.open(a);
        Vehicle carB = provider.open(b);
        a.run(carA::connect);
        b.run(carB::connect);
        // a circles clockwise to the right, b anticlockwise to the left: their circles cross.
        a.run(() -> carA.accept(bind("drive", Map.of("throttle", 1.0, "steer", 1.0))));
        b.run(() -> carB.accept(bind("drive", Map.of("throttle", 1.0, "steer", -1.0))));
        boolean bumped = false;
        double closest = Double.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            a.clock().advance(Duration.ofMillis(50));
            b.clock().advance(Duration.ofMillis(50));
            var sa = last(a);
            var sb = last(b);
            double d = Math.hypot(
                    (double) sa.get("x") - (double) sb.get("x"), (double) sa.get("y") - (double) sb.get("y"));
            closest = Math.min(closest, d);
            assertTrue(d >= CONTACT - 1e-3, "overlap at tick " + i + ": " + d);
            bumped |= (boolean) sa.get("bump") || (boolean) sb.get("bump");
        }
        assertTrue(bumped, "they met");
        assertEquals(CONTACT, closest, 2e-3, "and stopped touching, not short of each other");
    }

    @Test
    void aBlockedMoveStopsAtTheContactAndMovingApartIsAllowed() {
        var arena = new Arena(SimulatorSettings.DEFAULTS, List.of("simulator-a", "simulator-b"));
        CarPose startA = arena.pose("simulator-a");
        CarPose startB = arena.pose("simulator-b");
        // a faces b (+x) and drives at it; b stands still.
        var physics = new CarPhysics(SimulatorSettings.DEFAULTS, startA.x(), startA.y(), 0, arena.track("simulator-a"));
        physics.command(new IRacerCommand(Direction.AHEAD, 15));
        physics.step(3);
        assertEquals(startB.x() - CONTACT, physics.x(), 1e-3, "stopped touching b");
        assertEquals(0, physics.speed());
        assertTrue(physics.bumped());
        assertFalse(physics.atWall());
        physics.command(new IRacerCommand(Direction.REVERSE, 15));
        physics.step(0.2);
        assertTrue(physics.x() < startB.x() - CONTACT - 0.05, "backs away");
        assertFalse(physics.bumped());
    }

    @Test
    void aCarNotInTheArenaIsRefused() {
        var stranger = new TestVehicleContext("simulator-c", TWO_CARS);
        try {
            var e = assertThrows(VehicleException.class, () -> provider.open(stranger));
            assertTrue(e.getMessage().contains("simulator-c"), e.getMessage());
        } finally {
            stranger.close();
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.vehicles(new MapConfiguration(Map.of("simulator.cars", "a,B"))));
    }

    private static Map<String, Object> last(TestVehicleContext context) {
        return context.samples().get(context.samples().size() - 1).fields();
    }

    private static double distance(CarPose p, CarPose q) {
        return Math.hypot(p.x() - q.x(), p.y() - q.y());
    }

    private static Command bind(String name, Map<String, ?> fields) throws Exception {
        var spec = StandardVocabulary.motion(255).find(name).orElseThrow();
        return spec.bind(fields, Duration.ofSeconds(1));
    }
}
