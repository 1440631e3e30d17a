package dev.teledrive.api;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;

/**
 * Everything a vehicle needs from the host, handed to {@link VehicleProvider#open(VehicleContext)}.
 * Plugins use this instead of statics, so tests can give them a fake clock and scheduler.
 */
public interface VehicleContext {

    /**
     * The id of the vehicle being opened, one of {@link VehicleProvider#vehicles(Configuration)}. A
     * provider with several vehicles reads it to find the machine's own keys, as the i-Racer reads
     * {@code iracer.red.url} for {@code iracer-red}.
     *
     * @return the vehicle id
     */
    String vehicleId();

    /**
     * The host's configuration; a plugin reads its own keys, by convention prefixed with its id.
     *
     * @return the configuration, read-only; the same one {@link VehicleProvider#vehicles(Configuration)} saw
     */
    Configuration configuration();

    /**
     * The time source for telemetry stamps and physics; fixed or stepped in tests.
     *
     * @return the host's clock, the one that also stamps each telemetry message's {@code t}. In
     *         production it is the system's UTC clock, which can jump when the system time is set:
     *         clamp an elapsed time that comes out negative
     */
    Clock clock();

    /**
     * The vehicle's own single thread. Tasks scheduled here never run at the same time as a
     * {@link Vehicle} method, so state they share needs no locks. Do not block it for long: a stop
     * waits behind whatever runs on it.
     *
     * <p>Unlike a plain executor, a task that throws does not fail in silence: the host stops the
     * vehicle and marks it failed. A task that runs longer than {@code control.commandTimeoutMillis}
     * (2 s by default) marks it failed too, as a stuck plugin.
     *
     * <p>The host owns what is scheduled here: it cancels all of it when the vehicle fails (its
     * connect failed, a call or task of yours threw or hung, or you reported
     * {@link ConnectionState#FAILED}; a failed {@link Vehicle#stop()} alone leaves your tasks
     * running, as they may be what gets the stop through), before it calls
     * {@link Vehicle#connect()} again and when the vehicle is closed, so a reconnected vehicle
     * never runs its ticks twice. It ends the executor after {@link Vehicle#close()}; never
     * shut it down yourself ({@code shutdown} and {@code shutdownNow} throw).
     *
     * @return the vehicle's executor, for ticks, keep-alives and timeouts
     */
    ScheduledExecutorService scheduler();

    /**
     * Where the vehicle sends its samples; the host stamps and fans them out to every client.
     *
     * @return the sink; it may be used from any thread
     */
    TelemetrySink telemetry();

    /**
     * Reports a change in the link to the machine, for example a dropped Bluetooth connection
     * and its reconnection. Clients are told at once. May be called from any thread, such as the
     * plugin's own reader or writer thread.
     *
     * <p>While the state is not {@link ConnectionState#CONNECTED} the host refuses commands with
     * {@code vehicle_unavailable} and the reason; stops still reach the vehicle. Report
     * {@code CONNECTED} again once the link is back. Do not report from inside
     * {@link Vehicle#connect()}: the host sets the state from its outcome.
     *
     * @param state  the new state
     * @param reason a sentence for people saying what happened and what to do next, shown with the
     *               vehicle, or {@code null} (usually with {@code CONNECTED})
     */
    void connectionChanged(ConnectionState state, String reason);

    /**
     * A logger named after the plugin and vehicle; one line per event, never secrets.
     *
     * @return the logger, named {@code dev.teledrive.plugin.PLUGIN.VEHICLE} after the plugin id and
     *         the vehicle id, so users can set its level
     */
    Logger logger();
}
