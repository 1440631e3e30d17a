package dev.teledrive.server.vehicles;

import dev.teledrive.api.Configuration;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What every vehicle runner of one server shares.
 *
 * @param configuration  the host configuration handed to plugins
 * @param clock          the plugins' time source (telemetry stamps, physics)
 * @param nanoTime       the monotonic time the dead-man reads ({@link System#nanoTime} unless a test moves it)
 * @param deadman        how long a held command lasts without word from the driver
 * @param commandTimeout how long a plugin may take over a command before it counts as stuck
 * @param connectTimeout how long a vehicle may take to connect before it counts as failed
 * @param watchdog       the server's watchdog for stuck plugins, which also keeps the connects' deadlines
 * @param timers         where the timed stop, the dead-man and the connect deadline get their timers
 *                       ({@link VehicleTimers#REAL_TIME})
 * @param deadmanFired   told each time the dead-man stops a vehicle, for the metrics
 */
public record RunnerSetup(
        Configuration configuration,
        Clock clock,
        LongSupplier nanoTime,
        Duration deadman,
        Duration commandTimeout,
        Duration connectTimeout,
        Watchdog watchdog,
        VehicleTimers.Source timers,
        Runnable deadmanFired) {

    /** The connect deadline unless configured: {@code vehicles.connectSeconds}' default. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A setup whose dead-man stops nobody counts, with the default connect deadline. */
    public RunnerSetup(
            Configuration configuration,
            Clock clock,
            LongSupplier nanoTime,
            Duration deadman,
            Duration commandTimeout,
            Watchdog watchdog,
            VehicleTimers.Source timers) {
        this(configuration, clock, nanoTime, deadman, commandTimeout, CONNECT_TIMEOUT, watchdog, timers, () -> {});
    }
}
