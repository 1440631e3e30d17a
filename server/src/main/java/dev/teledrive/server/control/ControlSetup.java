package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.VideoTickets;
import dev.teledrive.server.vehicles.VehicleTimers;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the protocol core is built from: the settings, its time, and the parts of the server it
 * reports to or reads from.
 *
 * @param settings     the host's settings (access, limits, turns)
 * @param clock        stamps messages and reads the wall time of a turn's end
 * @param version      the server version {@code hello} names
 * @param authThrottle slows down token guessing, per address
 * @param turnTimers   where the vehicles' turn and idle limits wait: real time, or a test's clock
 * @param events       what the metrics hear
 * @param tickets      the tickets that {@code ticket} issues and video streams redeem
 * @param cameras      each vehicle's cameras, shown beside it
 * @param stateSender  publishes the {@code state} messages a change owes, in rounds that fold the
 *                     changes made meanwhile: a direct executor writes every state before the
 *                     change returns (the server, most tests); a manual one shows the folding
 */
public record ControlSetup(
        HostSettings settings,
        Clock clock,
        String version,
        AuthThrottle authThrottle,
        VehicleTimers turnTimers,
        ControlEvents events,
        VideoTickets tickets,
        CameraDirectory cameras,
        Executor stateSender) {

    /** A core with no metrics, no cameras, and every state written by the thread that changed something. */
    public static ControlSetup of(
            HostSettings settings, Clock clock, String version, AuthThrottle authThrottle, VehicleTimers turnTimers) {
        return new ControlSetup(
                settings,
                clock,
                version,
                authThrottle,
                turnTimers,
                ControlEvents.NONE,
                new VideoTickets(clock),
                CameraDirectory.NONE,
                Runnable::run);
    }

    /** The same setup, with its states published by {@code sender}. */
    public ControlSetup withStateSender(Executor sender) {
        return new ControlSetup(settings, clock, version, authThrottle, turnTimers, events, tickets, cameras, sender);
    }
}
