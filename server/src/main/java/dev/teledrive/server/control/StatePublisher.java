package dev.teledrive.server.control;

import dev.teledrive.server.seats.Seat;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes each connection's {@code state}: its own place with the vehicle it watches, then the
 * fleet. The fleet part is encoded once per vehicle however many watch it, so a hand-over in front
 * of a thousand spectators costs a thousand small heads, not a thousand vehicle lists.
 */
final class StatePublisher implements StateUpdates {

    private final Fleet fleet;
    private final VehicleRegistry vehicles;
    private final Connections connections;
    private final MessageCodec codec;
    private final Clock clock;
    private final LongSupplier nanos;
    private final CameraDirectory cameras;

    StatePublisher(
            Fleet fleet,
            VehicleRegistry vehicles,
            Connections connections,
            MessageCodec codec,
            Clock clock,
            LongSupplier nanos,
            CameraDirectory cameras) {
        this.fleet = fleet;
        this.vehicles = vehicles;
        this.connections = connections;
        this.codec = codec;
        this.clock = clock;
        this.nanos = nanos;
        this.cameras = cameras;
    }

    @Override
    public void seatChanged(String vehicleId) {
        seatChanged(vehicleId, null);
    }

    /** As {@link #seatChanged(String)}, but not to one connection, which was just told in its {@code hello}. */
    void seatChanged(String vehicleId, ControlSession except) {
        fleet.rearm(vehicleId);
        String tail = codec.stateTail(view(vehicleId));
        for (ControlSession s : fleet.audience(vehicleId)) {
            if (s.listening() && s != except) {
                s.outbox().send(codec.state(place(s), tail));
            }
        }
    }

    @Override
    public void sendState(ControlSession to) {
        to.outbox().send(codec.state(place(to), codec.stateTail(view(to.vehicle()))));
    }

    /** Every listening connection hears its state, as when a vehicle's link changes (every list shows it). */
    void everyone() {
        Map<String, String> tails = new HashMap<>();
        for (ControlSession s : connections.all()) {
            if (s.listening()) {
                String tail =
                        tails.computeIfAbsent(String.valueOf(s.vehicle()), id -> codec.stateTail(view(s.vehicle())));
                s.outbox().send(codec.state(place(s), tail));
            }
        }
    }

    /** Where a connection stands with its own vehicle. */
    MessageCodec.Place place(ControlSession session) {
        String vehicle = session.vehicle();
        if (vehicle == null) {
            return new MessageCodec.Place(null, "spectator", 0, 0, null, 0);
        }
        Seat.Place p = fleet.seat(vehicle).placeOf(session);
        String role = p.driving() ? "driver" : p.position() > 0 ? "queued" : "spectator";
        Long turnEndsAt = p.turnEndsAt().isPresent()
                ? clock.millis() + Math.max(0, (p.turnEndsAt().getAsLong() - nanos.getAsLong()) / 1_000_000)
                : null;
        return new MessageCodec.Place(
                vehicle, role, p.position(), p.queueLength(), turnEndsAt, fleet.spectators(vehicle));
    }

    /** The fleet as the watchers of one vehicle see it. */
    FleetView view(String vehicleId) {
        List<FleetView.Entry> entries = new ArrayList<>();
        for (VehicleRunner v : vehicles.all()) {
            Seat<ControlSession> seat = fleet.seat(v.id());
            entries.add(new FleetView.Entry(v.status(), seat.isTaken(), seat.queueLength()));
        }
        var watched = vehicleId == null ? null : vehicles.find(vehicleId).orElse(null);
        return new FleetView(entries, watched == null ? null : watched.vocabulary(), cameras);
    }
}
