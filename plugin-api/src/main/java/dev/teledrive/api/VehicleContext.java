package dev.teledrive.api;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;

/**
 * Everything a vehicle needs from the host, handed to {@link VehicleProvider#open(VehicleContext)}.
 * Plugins use this instead of statics, so tests can give them a fake clock and scheduler.
 */
public interface VehicleContext {

    /** The id of the vehicle being opened (one of {@link VehicleProvider#vehicles(Configuration)}). */
    String vehicleId();

    /** The host's configuration; a plugin reads its own keys, by convention prefixed with its id. */
    Configuration configuration();

    /** The time source for telemetry stamps and physics; fixed or stepped in tests. */
    Clock clock();

    /**
     * The vehicle's own single thread. Tasks scheduled here never run at the same time as a
     * {@link Vehicle} method, so state they share needs no locks. Do not block it for long: a stop
     * waits behind whatever runs on it.
     */
    ScheduledExecutorService scheduler();

    /** Where the vehicle sends its samples; the host stamps and fans them out to every client. */
    TelemetrySink telemetry();

    /**
     * Reports a change in the link to the machine, for example a dropped Bluetooth connection
     * and its reconnection. Clients are told at once.
     *
     * @param state  the new state
     * @param reason a sentence for people, or {@code null}
     */
    void connectionChanged(ConnectionState state, String reason);

    /** A logger named after the plugin and vehicle; one line per event, never secrets. */
    Logger logger();
}
