package dev.teledrive.plugins.simulator;

import dev.teledrive.api.Command;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.iracer.protocol.Direction;
import dev.teledrive.iracer.protocol.DriveMapping;
import dev.teledrive.iracer.protocol.IRacerCommand;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulated i-Racer: turns commands into the car's byte commands, exactly as the real car
 * would read them, and steps {@link CarPhysics} on every telemetry tick by the time the context's
 * clock says has passed.
 */
final class SimulatedCar implements Vehicle {

    /** A pause longer than this (a stalled machine) is not simulated as one big jump. */
    private static final double MAX_TICK_SECONDS = 0.25;

    private final VehicleContext context;
    private final SimulatorSettings settings;
    private final CarPhysics physics;
    private final DriveMapping mapping;
    private ScheduledFuture<?> ticks;
    private long lastTick;

    SimulatedCar(VehicleContext context, SimulatorSettings settings) {
        this.context = context;
        this.settings = settings;
        this.physics = new CarPhysics(settings);
        this.mapping = new DriveMapping(settings.maxLevel(), DriveMapping.DEFAULT_DEAD_ZONE);
    }

    @Override
    public void connect() {
        if (ticks == null) {
            lastTick = context.clock().millis();
            long period = Math.max(1, 1_000_000L / settings.telemetryHz());
            ticks = context.scheduler().scheduleAtFixedRate(this::tick, period, period, TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void accept(Command command) throws VehicleException {
        physics.command(switch (command.name()) {
            case "up" -> named(Direction.AHEAD, command);
            case "down" -> named(Direction.REVERSE, command);
            case "left" -> named(Direction.LEFT, command);
            case "right" -> named(Direction.RIGHT, command);
            case "raw" -> capped(IRacerCommand.decode((int) command.integer("data")));
            case "drive" -> mapping.map(command.number("throttle"), command.number("steer"));
            case "stop" -> IRacerCommand.STOP;
            default -> throw new VehicleException("the simulator does not know '" + command.name() + "'");
        });
    }

    @Override
    public void stop() {
        physics.command(IRacerCommand.STOP);
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /** Steps the physics to the clock's now and publishes a sample. */
    void tick() {
        long now = context.clock().millis();
        double seconds = Math.min(MAX_TICK_SECONDS, Math.max(0, now - lastTick) / 1000.0);
        lastTick = now;
        physics.step(seconds);
        context.telemetry().publish(Telemetry.builder()
                .put("x", round(physics.x()))
                .put("y", round(physics.y()))
                .put("heading", round(physics.heading()))
                .put("speed", round(physics.speed()))
                .put("wall", physics.atWall())
                .put("level", (long) physics.command().speed())
                .put("direction", physics.direction().name().toLowerCase(Locale.ROOT))
                .build());
    }

    CarPhysics physics() {
        return physics;
    }

    private IRacerCommand named(Direction direction, Command command) {
        long level = command.optionalInteger("speed").orElse((long) settings.defaultSpeed());
        return new IRacerCommand(direction, (int) Math.min(level, settings.maxLevel()));
    }

    private IRacerCommand capped(IRacerCommand c) {
        return c.speed() <= settings.maxLevel() ? c : new IRacerCommand(c.direction(), settings.maxLevel());
    }

    private static double round(double v) {
        double r = Math.round(v * 10_000) / 10_000.0;
        return r == 0 ? 0.0 : r; // no "-0.0" on the wire
    }
}
