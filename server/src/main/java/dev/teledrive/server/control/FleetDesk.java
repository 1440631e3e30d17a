package dev.teledrive.server.control;

import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's desk over the fleet: each vehicle's seat as the REST API and the metrics show it, and
 * the admin's REST actions on turns. Every change still goes through the vehicle's seat and is told
 * to its watchers, as a change made over the WebSocket is.
 */
public final class FleetDesk {

    private static final Logger LOG = LoggerFactory.getLogger(FleetDesk.class);

    private final Fleet fleet;
    private final StatePublisher states;
    private final VehicleRegistry vehicles;
    private final Connections connections;

    FleetDesk(Fleet fleet, StatePublisher states, VehicleRegistry vehicles, Connections connections) {
        this.fleet = fleet;
        this.states = states;
        this.vehicles = vehicles;
        this.connections = connections;
    }

    /** Open connections by their place with their vehicle: driver, queued, spectator, or unauthenticated. */
    public Map<String, Integer> connectionsByRole() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String role : new String[] {"driver", "queued", "spectator", "unauthenticated"}) {
            counts.put(role, 0);
        }
        for (ControlSession s : connections.all()) {
            String role = s.authenticated() ? states.place(s).role() : "unauthenticated";
            counts.merge(role, 1, Integer::sum);
        }
        return counts;
    }

    /** The ids of every vehicle, in listing order. */
    public List<String> vehicleIds() {
        return vehicles.all().stream().map(VehicleRunner::id).toList();
    }

    /** One vehicle's seat as the REST API shows it. */
    public SeatReport seatReport(String vehicleId) {
        var seat = fleet.seat(vehicleId);
        return new SeatReport(seat.isTaken(), seat.queueLength(), fleet.spectators(vehicleId), seat.paused());
    }

    /**
     * What the REST API shows of a vehicle's seat.
     *
     * @param driven   whether someone drives it
     * @param queue    how many wait
     * @param viewers  how many connections watch it
     * @param paused   whether its queue is paused by the admin
     */
    public record SeatReport(boolean driven, int queue, int viewers, boolean paused) {}

    /** Whether there is a vehicle with this id. */
    public boolean hasVehicle(String vehicleId) {
        return vehicles.find(vehicleId).isPresent();
    }

    /** The admin ends the current turn on a vehicle; says whether there was one. */
    public boolean skip(String vehicleId) {
        boolean skipped = fleet.seat(vehicleId).skip();
        if (skipped) {
            LOG.info("the admin ends the turn on '{}' over REST: stopping it", vehicleId);
            states.seatChanged(vehicleId);
        }
        return skipped;
    }

    /** The admin pauses or resumes a vehicle's queue. */
    public void pause(String vehicleId, boolean paused) {
        fleet.seat(vehicleId).pause(paused);
        LOG.info("the admin {} the queue of '{}'", paused ? "pauses" : "resumes", vehicleId);
        states.seatChanged(vehicleId);
    }
}
