package dev.teledrive.server.control;

import dev.teledrive.server.vehicles.VehicleTimers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Keeps every watcher's {@code spectators} count fresh without a state storm: when a vehicle's
 * audience changes (a connection selects it, leaves it or closes), its watchers hear a state
 * within {@link #SETTLE} (on the timers' thread) if they heard none for this reason in the last second, else in one
 * round when that second is up, which carries every change made meanwhile. So a thousand people arriving on one vehicle
 * cost its watchers two rounds, not a thousand. Seat and queue changes never wait here: they go
 * through {@link StatePublisher#seatChanged} at once, and their states carry the count too.
 */
final class AudienceRounds {

    /** At most one audience round a vehicle in this long. */
    static final Duration GAP = Duration.ofSeconds(1);

    /**
     * How long even the first round waits: the change that caused it finishes first. A {@code select}
     * watches its new vehicle, then takes the free seat along; a round at once on the timers' thread
     * could catch the connection between the two and tell it, for an instant, that it only watches.
     */
    static final Duration SETTLE = Duration.ofMillis(50);

    /** When a vehicle's watchers last heard of its audience, and whether a round is waiting. */
    private static final class Pace {
        long lastRound;
        boolean waiting;
    }

    private final StatePublisher states;
    private final VehicleTimers timers;
    private final LongSupplier nanos;
    private final Map<String, Pace> paces = new HashMap<>();

    /**
     * @param timers where a deferred round waits (the turn timers: real time, or a test's clock)
     * @param nanos  the monotonic time those timers count in
     */
    AudienceRounds(StatePublisher states, VehicleTimers timers, LongSupplier nanos) {
        this.states = states;
        this.timers = timers;
        this.nanos = nanos;
    }

    /**
     * A vehicle's audience changed. The round runs on the timers' thread, never on the caller's:
     * a connection that comes, selects or closes (a driver's close hands its seat over) does not
     * wait while a thousand watchers are written to.
     */
    void changed(String vehicleId) {
        long now = nanos.getAsLong();
        long wait;
        synchronized (this) {
            Pace pace = paces.get(vehicleId);
            if (pace == null) {
                pace = new Pace();
                pace.lastRound = now - GAP.toNanos();
                paces.put(vehicleId, pace);
            }
            if (pace.waiting) {
                return; // the round already waiting counts the audience when it goes
            }
            pace.waiting = true;
            wait = Math.max(SETTLE.toNanos(), pace.lastRound + GAP.toNanos() - now);
        }
        try {
            timers.schedule(() -> due(vehicleId), wait);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                paces.get(vehicleId).waiting = false; // the server is closing: nobody is listening any more
            }
        }
    }

    private void due(String vehicleId) {
        synchronized (this) {
            Pace pace = paces.get(vehicleId);
            pace.waiting = false;
            pace.lastRound = nanos.getAsLong();
        }
        states.audienceChanged(vehicleId);
    }
}
