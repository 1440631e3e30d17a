package dev.teledrive.server.control;

import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is undone when a connection goes (its vehicle stopped if it drove, its place held for a
 * resume or given up) and when a vehicle goes (its watchers moved to the default vehicle). Apart
 * from the arrivals because the order of these steps is the safety argument: the car stops before
 * anyone learns the seat is free.
 */
final class Departures {

    private static final Logger LOG = LoggerFactory.getLogger(Departures.class);

    private final VehicleRegistry vehicles;
    private final Fleet fleet;
    private final HeldPlaces held;
    private final StatePublisher states;
    private final ControlEvents events;

    Departures(VehicleRegistry vehicles, Fleet fleet, HeldPlaces held, StatePublisher states, ControlEvents events) {
        this.vehicles = vehicles;
        this.fleet = fleet;
        this.held = held;
        this.states = states;
        this.events = events;
    }

    /**
     * Undoes what a connection held: if it drove, its vehicle stops at once. Its seat or queue
     * place is then held for its resume token ({@link HeldPlaces}), or with holding off it frees at
     * once: the next in the queue drives, or it leaves the queue.
     */
    void leave(ControlSession session) {
        leave(session, true);
    }

    /** As {@link #leave(ControlSession)}; with {@code hold} false nothing is held, the place frees at once. */
    void leave(ControlSession session, boolean hold) {
        String vehicle = session.vehicle();
        if (vehicle == null) {
            return;
        }
        boolean drove = fleet.drives(session);
        fleet.forget(session);
        if (hold && held.hold(session)) {
            if (drove) {
                vehicles.find(vehicle).ifPresent(VehicleRunner::stop); // the seat waits, the car does not
                events.driverDisconnected();
                LOG.info("{} closed while driving '{}': stopping it, the seat is held", session, vehicle);
            }
            return; // the seat and the queue look as before: nobody needs a state
        }
        if (fleet.seat(vehicle).leave(session)) {
            if (drove) {
                events.driverDisconnected();
                LOG.info("{} closed while driving '{}': stopping it", session, vehicle);
            }
            states.seatChanged(vehicle);
        } else {
            LOG.debug("{} closed", session);
        }
    }

    /** A vehicle went for good: whoever drove, waited for or watched it now watches the default vehicle. */
    void vehicleGone(String vehicleId) {
        String fallback = vehicles.defaultId();
        // A copy: moving a watcher changes the audience, and the last vehicle of all may still be the
        // default while it goes (watching it again would put the watcher back in the set being walked).
        var watchers = new ArrayList<ControlSession>();
        fleet.audience(vehicleId).forEach(watchers::add);
        for (ControlSession s : watchers) {
            fleet.seat(vehicleId).leave(s);
            if (fallback != null && !fallback.equals(vehicleId)) {
                fleet.watch(s, fallback);
            } else {
                fleet.watchNothing(s); // no vehicle left: the connection waits for one, as at an empty start
            }
            if (s.listening()) {
                states.sendState(s);
            }
        }
    }
}
