package com.example.tank;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A simulated tank in a 4 m square arena. A real one would write to its motor controller where
 * this one sets {@code speed} and {@code turnRate}. The server calls every method on the vehicle's
 * own thread, one at a time, and the tick runs on that thread too: no locks. The server owns all
 * timing: it calls {@link #stop()} when a timed command ends, on the dead-man, when the driver
 * leaves and at shutdown.
 */
final class TankVehicle implements Vehicle {

    static final double ARENA = 4.0;
    static final double TOP_SPEED = 0.5; // m/s
    static final double TOP_TURN_RATE = Math.PI / 2; // rad/s
    private static final Duration TICK = Duration.ofMillis(100);

    private final VehicleContext context;
    private int ammo;
    private double x = ARENA / 2;
    private double y = ARENA / 2;
    private double heading; // radians, counter-clockwise from the x axis; y points up
    private double speed;
    private double turnRate;
    private double turret; // degrees from the hull's heading
    private Instant lastTick;
    private ScheduledFuture<?> ticks;

    TankVehicle(VehicleContext context, int ammo) {
        this.context = context;
        this.ammo = ammo;
    }

    @Override
    public void connect() {
        lastTick = context.clock().instant();
        ticks = context.scheduler()
                .scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        publish();
    }

    @Override
    public void accept(Command command) {
        switch (command.name()) {
            case "up" -> move(level(command), 0);
            case "down" -> move(-level(command), 0);
            case "left" -> move(0, level(command));
            case "right" -> move(0, -level(command));
            case "drive" -> move(command.number("throttle"), -command.number("steer"));
            case "stop" -> move(0, 0);
            case "turret" -> turret = command.number("angle");
            case "fire" -> fire(command.integer("rounds"));
            default -> context.logger().warn("'{}' is not a tank command: ignored", command.name());
        }
        publish();
    }

    @Override
    public void stop() {
        move(0, 0);
        publish();
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /** The standard {@code speed} (1 to 15) as a share of top speed; a message without one gets 2/3. */
    private static double level(Command command) {
        return command.optionalInteger("speed").orElse(10L) / (double) StandardVocabulary.MAX_SPEED;
    }

    private void move(double throttle, double turn) {
        speed = throttle * TOP_SPEED;
        turnRate = turn * TOP_TURN_RATE;
    }

    private void fire(long rounds) {
        long fired = Math.min(rounds, ammo);
        ammo -= (int) fired;
        context.logger().info("fired {} of {} rounds, {} left", fired, rounds, ammo);
    }

    private void tick() {
        Instant now = context.clock().instant();
        double dt = Duration.between(lastTick, now).toNanos() / 1e9;
        lastTick = now;
        heading = Math.IEEEremainder(heading + turnRate * dt, 2 * Math.PI);
        x = Math.max(0, Math.min(ARENA, x + speed * Math.cos(heading) * dt));
        y = Math.max(0, Math.min(ARENA, y + speed * Math.sin(heading) * dt));
        publish();
    }

    /** x, y, heading and speed make the page draw the tank in an arena of arenaWidth by arenaHeight. */
    private void publish() {
        context.telemetry()
                .publish(Telemetry.builder()
                        .put("x", x)
                        .put("y", y)
                        .put("heading", heading)
                        .put("speed", speed)
                        .put("arenaWidth", ARENA)
                        .put("arenaHeight", ARENA)
                        .put("turret", turret)
                        .put("ammo", ammo)
                        .build());
    }
}
