package dev.teledrive.plugins.simulator;

import dev.teledrive.api.Command;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetryObject;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.iracer.protocol.CommandTranslator;
import dev.teledrive.iracer.protocol.IRacerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulated i-Racer: turns commands into the car's byte commands with the same translator as
 * the real car, and steps {@link CarPhysics} on every telemetry tick by the time the context's
 * clock says has passed. After each step it publishes its pose to the {@link Arena} it shares
 * with the other cars; with other cars there, its samples also carry {@code bump} (pressed against
 * another car) and {@code others} (their poses, for the page to draw).
 */
final class SimulatedCar implements Vehicle {

    /** A pause longer than this (a stalled machine) is not simulated as one big jump. */
    private static final double MAX_TICK_SECONDS = 0.25;

    private final VehicleContext context;
    private final Arena arena;
    private final String vehicle;
    private final SimulatorSettings settings;
    private final CarPhysics physics;
    private final CommandTranslator translator;
    private ScheduledFuture<?> ticks;
    private long lastTick;

    /** A car that continues from its latest pose in the arena: its start pose, unless it was opened before. */
    SimulatedCar(VehicleContext context, Arena arena) {
        this.context = context;
        this.arena = arena;
        this.vehicle = context.vehicleId();
        this.settings = arena.settings();
        CarPose start = arena.pose(vehicle);
        this.physics = new CarPhysics(settings, start.x(), start.y(), start.heading(), arena.track(vehicle));
        this.translator = new CommandTranslator(settings.defaultSpeed(), settings.maxLevel());
    }

    /** Starts the ticks; again after a failure, when the host has cancelled them. */
    @Override
    public void connect() {
        if (ticks == null || ticks.isDone()) {
            lastTick = context.clock().millis();
            long period = Math.max(1, 1_000_000L / settings.telemetryHz());
            ticks = context.scheduler().scheduleAtFixedRate(this::tick, period, period, TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void accept(Command command) throws VehicleException {
        try {
            physics.command(translator.translate(command));
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage());
        }
    }

    @Override
    public void stop() {
        physics.command(IRacerCommand.STOP);
    }

    /** A command only changes numbers in memory. */
    @Override
    public boolean nonBlocking() {
        return true;
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
        arena.publish(new CarPose(vehicle, physics.x(), physics.y(), physics.heading(), physics.speed(), now));
        var sample = Telemetry.builder()
                .put("x", round(physics.x()))
                .put("y", round(physics.y()))
                .put("heading", round(physics.heading()))
                .put("speed", round(physics.speed()))
                .put("wall", physics.atWall())
                .put("level", (long) physics.command().speed())
                .put("direction", physics.direction().name().toLowerCase(Locale.ROOT))
                .put("arenaWidth", settings.arenaWidth())
                .put("arenaHeight", settings.arenaHeight());
        if (arena.vehicles().size() > 1) {
            sample.put("bump", physics.bumped()).putList("others", others());
        }
        context.telemetry().publish(sample.build());
    }

    private List<TelemetryObject> others() {
        var others = new ArrayList<TelemetryObject>();
        for (CarPose other : arena.others(vehicle)) {
            others.add(TelemetryObject.builder()
                    .put("vehicle", other.vehicle())
                    .put("x", round(other.x()))
                    .put("y", round(other.y()))
                    .put("heading", round(other.heading()))
                    .build());
        }
        return others;
    }

    CarPhysics physics() {
        return physics;
    }

    private static double round(double v) {
        double r = Math.round(v * 10_000) / 10_000.0;
        return r == 0 ? 0.0 : r; // no "-0.0" on the wire
    }
}
