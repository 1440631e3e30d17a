package dev.teledrive.server.control;

import dev.teledrive.server.seats.Seat;
import dev.teledrive.server.seats.TurnRules;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.VehicleTimers;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Every vehicle's seat and audience: which connections watch which vehicle, and who drives and
 * waits for each. A connection watches exactly one vehicle, its own selection; the seats' turn
 * and idle limits are checked by a timer per vehicle, set again after every change.
 */
final class Fleet {

    private final VehicleRegistry vehicles;
    private final TurnRules rules;
    private final LongSupplier nanos;
    private final VehicleTimers timers;
    private final Consumer<String> seatChanged;
    private final ControlEvents events;
    private final Map<String, Seat<ControlSession>> seats = new ConcurrentHashMap<>();
    private final Map<String, Set<ControlSession>> audiences = new ConcurrentHashMap<>();
    private final Map<String, Runnable> turnTimers = new ConcurrentHashMap<>();
    private volatile Consumer<String> audienceChanged = vehicle -> {};

    /**
     * @param timers      where the turn and idle checks wait; their tasks may run on any thread
     * @param seatChanged told the vehicle id after a turn or idle limit moved its seat
     */
    Fleet(
            VehicleRegistry vehicles,
            TurnRules rules,
            LongSupplier nanos,
            VehicleTimers timers,
            Consumer<String> seatChanged,
            ControlEvents events) {
        this.vehicles = vehicles;
        this.rules = rules;
        this.nanos = nanos;
        this.timers = timers;
        this.seatChanged = seatChanged;
        this.events = events;
    }

    /** The seat of a vehicle; one is made on first use and kept, so it outlives a plugin reload. */
    Seat<ControlSession> seat(String vehicleId) {
        return seats.computeIfAbsent(vehicleId, id -> {
            var seat = new Seat<ControlSession>(
                    () -> vehicles.find(id).ifPresent(VehicleRunner::stop), rules, nanos, ControlSession::remote);
            seat.listen(events::seatHandedOver);
            return seat;
        });
    }

    /** The seat of the vehicle this connection watches. */
    Seat<ControlSession> seatOf(ControlSession session) {
        return seat(session.vehicle());
    }

    /** Whether this connection drives the vehicle it watches; lock-free, as every command asks. */
    boolean drives(ControlSession session) {
        String vehicle = session.vehicle();
        if (vehicle == null) {
            return false; // no vehicle selected yet: a server that started with no plugins
        }
        Seat<ControlSession> seat = seats.get(vehicle);
        return seat != null && seat.isDriver(session);
    }

    /**
     * Refuses a connection that does not drive its vehicle, saying how it could.
     *
     * @return the seat it drives, so the caller need not look it up again
     */
    Seat<ControlSession> requireDriver(ControlSession session, String what) throws ProtocolException {
        Seat<ControlSession> seat = seatOf(session);
        if (!seat.isDriver(session)) {
            throw new ProtocolException(
                    ErrorCode.NOT_DRIVER,
                    "only the driver may " + what
                            + (seat.isTaken()
                                    ? "; someone else is driving: send {\"command\":\"claim\"} to queue for a turn"
                                    : "; send {\"command\":\"claim\"} to take the seat"));
        }
        return seat;
    }

    /** Tells {@code listener} each vehicle whose audience changed: a connection came to it or left it. */
    void onAudienceChange(Consumer<String> listener) {
        audienceChanged = listener;
    }

    /** Makes the connection watch this vehicle instead of the one it watched. */
    void watch(ControlSession session, String vehicleId) {
        forget(session);
        session.select(vehicleId);
        if (audiences
                .computeIfAbsent(vehicleId, id -> ConcurrentHashMap.newKeySet())
                .add(session)) {
            audienceChanged.accept(vehicleId);
        }
    }

    /** Makes the connection watch no vehicle: its own went, and no other is left. */
    void watchNothing(ControlSession session) {
        forget(session);
        session.select(null);
    }

    /** Forgets a connection that closed. */
    void forget(ControlSession session) {
        Set<ControlSession> audience = session.vehicle() == null ? null : audiences.get(session.vehicle());
        if (audience != null && audience.remove(session)) {
            audienceChanged.accept(session.vehicle());
        }
    }

    /** The connections watching a vehicle. */
    Iterable<ControlSession> audience(String vehicleId) {
        Set<ControlSession> audience = audiences.get(vehicleId);
        return audience == null ? Set.of() : audience;
    }

    /** How many connections watch a vehicle. */
    int spectators(String vehicleId) {
        Set<ControlSession> audience = audiences.get(vehicleId);
        return audience == null ? 0 : audience.size();
    }

    /** Whether anyone drives some vehicle. */
    boolean anyDriver() {
        return seats.values().stream().anyMatch(Seat::isTaken);
    }

    /**
     * Sets the vehicle's turn timer afresh, after anything that may have moved its deadline: a claim,
     * a release, a command from the driver is not one (the idle check looks again when it fires).
     */
    synchronized void rearm(String vehicleId) {
        Seat<ControlSession> seat = seat(vehicleId);
        Runnable previous = turnTimers.remove(vehicleId);
        if (previous != null) {
            previous.run();
        }
        seat.nextDeadline().ifPresent(deadline -> {
            long delay = Math.max(0, deadline - nanos.getAsLong());
            turnTimers.put(vehicleId, timers.schedule(() -> expire(vehicleId), delay));
        });
    }

    private void expire(String vehicleId) {
        turnTimers.remove(vehicleId);
        if (seat(vehicleId).expire()) {
            seatChanged.accept(vehicleId);
        }
        rearm(vehicleId);
    }

    /** Stops every turn timer. */
    synchronized void close() {
        turnTimers.values().forEach(Runnable::run);
        turnTimers.clear();
    }
}
