package com.example.tank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.teledrive.api.Command;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.testkit.TestVehicleContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tank without a server: the test kit's context gives it a clock that moves only when the
 * test says, its own thread, and the list of telemetry it published.
 */
class TankVehicleTest {

    private final TankProvider provider = new TankProvider();

    @Test
    void drivesForwardWhileTheClockMovesAndStandsStillAfterStop() throws Exception {
        try (var context = new TestVehicleContext("tank", Map.of())) {
            Vehicle vehicle = provider.open(context);
            context.run(vehicle::connect);
            context.run(() -> vehicle.accept(command("up", Map.of("speed", 15), Duration.ofSeconds(2))));
            context.clock().advance(Duration.ofSeconds(1)); // ten ticks run, each at its own moment
            assertEquals(2.0 + TankVehicle.TOP_SPEED, (double) last(context).get("x"), 1e-9);

            context.run(vehicle::stop); // what the server calls when the two seconds are up
            context.clock().advance(Duration.ofSeconds(1));
            assertEquals(2.0 + TankVehicle.TOP_SPEED, (double) last(context).get("x"), 1e-9);
            assertEquals(0.0, last(context).get("speed"));
            context.run(vehicle::close);
        }
    }

    @Test
    void turnsItsTurretAndFiresOneRoundUnlessToldMore() throws Exception {
        try (var context = new TestVehicleContext("tank", Map.of("tank.rounds", "4"))) {
            Vehicle vehicle = provider.open(context);
            context.run(() -> vehicle.accept(command("turret", Map.of("angle", -45.5), null)));
            assertEquals(-45.5, last(context).get("turret"));

            context.run(() -> vehicle.accept(command("fire", Map.of(), null)));
            assertEquals(3L, last(context).get("ammo"));
            context.run(() -> vehicle.accept(command("fire", Map.of("rounds", 5), null)));
            assertEquals(0L, last(context).get("ammo"), "it fires what it has left");
        }
    }

    @Test
    void theServerRefusesATurretAngleOutOfRangeBeforeTheTankSeesIt() {
        var error = assertThrows(InvalidCommandException.class, () -> command("turret", Map.of("angle", 200), null));
        assertEquals("'angle' must be from -180 to 180, not 200", error.getMessage());
    }

    @Test
    void aNegativeNumberOfRoundsIsRefusedWithTheFix() {
        try (var context = new TestVehicleContext("tank", Map.of("tank.rounds", "-1"))) {
            var error = assertThrows(VehicleException.class, () -> provider.open(context));
            assertEquals("tank.rounds is -1: set it to 0 or more in conf/teledrive.properties", error.getMessage());
        }
    }

    /** Binds a message's fields the way the server does: checked against the vocabulary, defaults filled in. */
    private Command command(String name, Map<String, ?> fields, Duration duration) throws InvalidCommandException {
        return provider.vocabulary().find(name).orElseThrow().bind(fields, duration);
    }

    private static Map<String, Object> last(TestVehicleContext context) {
        List<Telemetry> samples = context.samples();
        return samples.get(samples.size() - 1).fields();
    }
}
