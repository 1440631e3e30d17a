package dev.teledrive.server.control;

import dev.teledrive.server.seats.Seat;
import dev.teledrive.server.seats.SeatPlace;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Writes each connection's {@code state}: its own place with the vehicle it watches, then the
 * fleet. Connections that stand in the same place (most spectators of a vehicle) share one
 * encoded message, so a hand-over in front of a thousand spectators costs a handful of encodings.
 *
 * <p>Changes are published in rounds by the {@code sender}, and those that arrive while a round
 * waits are folded into it: a state is a snapshot, so a connection that hears only the newest one
 * has missed nothing. The server's sender runs each round at once on the thread that made the
 * change (a thread of their own made the fleet's drivers slower, docs/performance.md); a test's
 * manual executor shows the folding.
 */
final class StatePublisher implements StateUpdates {

    private final Fleet fleet;
    private final VehicleRegistry vehicles;
    private final Connections connections;
    private final MessageCodec codec;
    private final Clock clock;
    private final LongSupplier nanos;
    private final CameraDirectory cameras;
    private final Executor sender;

    /** Vehicles whose watchers are owed a state, each with the connections already told (in a hello). */
    private Map<String, Set<ControlSession>> owed = new HashMap<>();

    /** Connections owed their own state, after their {@code select} or {@code auth}. */
    private Set<ControlSession> owedTo = new HashSet<>();

    private boolean everyoneOwed;
    private boolean scheduled;

    /**
     * @param sender runs the rounds: at once on the caller's thread in the server, by hand in tests
     */
    StatePublisher(
            Fleet fleet,
            VehicleRegistry vehicles,
            Connections connections,
            MessageCodec codec,
            Clock clock,
            LongSupplier nanos,
            CameraDirectory cameras,
            Executor sender) {
        this.fleet = fleet;
        this.vehicles = vehicles;
        this.connections = connections;
        this.codec = codec;
        this.clock = clock;
        this.nanos = nanos;
        this.cameras = cameras;
        this.sender = sender;
    }

    @Override
    public void seatChanged(String vehicleId) {
        seatChanged(vehicleId, null);
    }

    /** As {@link #seatChanged(String)}, but not to one connection, which was just told in its {@code hello}. */
    void seatChanged(String vehicleId, ControlSession except) {
        fleet.rearm(vehicleId);
        owe(vehicleId, except);
    }

    /**
     * A vehicle's audience changed: its watchers hear their state, whose {@code spectators} counts
     * them afresh. Paced by {@link AudienceRounds}, so a crowd arriving costs a round a second.
     */
    void audienceChanged(String vehicleId) {
        owe(vehicleId, null);
    }

    private void owe(String vehicleId, ControlSession except) {
        synchronized (this) {
            Set<ControlSession> told = owed.get(vehicleId);
            if (told == null) {
                told = new HashSet<>();
                owed.put(vehicleId, told);
                if (except != null) {
                    told.add(except); // its hello, written after the change, showed it
                }
            } else {
                told.clear(); // an earlier change still owed may postdate that hello: tell everyone
            }
        }
        schedule();
    }

    /**
     * Joins the next round too: were it written here, a round running on the sender at the same
     * time could follow it with a state computed a moment before, and that stale one would stay.
     */
    @Override
    public void sendState(ControlSession to) {
        synchronized (this) {
            owedTo.add(to);
        }
        schedule();
    }

    /** Every listening connection hears its state, as when a vehicle's link changes (every list shows it). */
    void everyone() {
        synchronized (this) {
            everyoneOwed = true;
        }
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            sender.execute(this::publish);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false; // the server is closing: nobody is listening any more
            }
        }
    }

    /**
     * Sends every state owed since the last round, each connection's once, however often it changed;
     * then again while more is owed. One thread publishes at a time, and a change made meanwhile on
     * another thread is left to it: two rounds side by side (a seat change on a connection's thread,
     * an audience round on the timers') could each compute a state before the other and send it
     * after, and a watcher would keep the stale one.
     */
    private void publish() {
        boolean settled = false;
        try {
            while (true) {
                Map<String, Set<ControlSession>> due;
                Set<ControlSession> dueTo;
                boolean everyone;
                synchronized (this) {
                    if (owed.isEmpty() && owedTo.isEmpty() && !everyoneOwed) {
                        scheduled = false; // a change from now on starts another round
                        settled = true;
                        return;
                    }
                    due = owed;
                    dueTo = owedTo;
                    everyone = everyoneOwed;
                    owed = new HashMap<>();
                    owedTo = new HashSet<>();
                    everyoneOwed = false;
                }
                round(due, dueTo, everyone);
            }
        } finally {
            if (!settled) {
                synchronized (this) {
                    scheduled = false; // a round that failed must not stop every later one
                }
            }
        }
    }

    private void round(Map<String, Set<ControlSession>> due, Set<ControlSession> dueTo, boolean everyone) {
        // The list is read before any connection's place: a vehicle that goes has its watchers moved
        // before it leaves the list, so no state of this round can show a selection missing from it.
        List<VehicleRunner> listed = List.copyOf(vehicles.all());
        Map<String, byte[]> tails = new HashMap<>();
        Map<MessageCodec.Place, ByteBuffer> states = new HashMap<>();
        if (everyone) {
            for (ControlSession s : connections.all()) {
                if (s.listening()) {
                    s.outbox().send(encode(place(s), listed, tails, states));
                }
            }
            return;
        }
        Set<ControlSession> sent = new HashSet<>();
        for (ControlSession s : dueTo) {
            if (s.listening() && sent.add(s)) {
                s.outbox().send(encode(place(s), listed, tails, states));
            }
        }
        for (Map.Entry<String, Set<ControlSession>> vehicle : due.entrySet()) {
            for (ControlSession s : fleet.audience(vehicle.getKey())) {
                if (s.listening() && !vehicle.getValue().contains(s) && sent.add(s)) {
                    s.outbox().send(encode(place(s), listed, tails, states));
                }
            }
        }
    }

    /** A connection's state, shared with every connection in the same place during one round. */
    private ByteBuffer encode(
            MessageCodec.Place place,
            List<VehicleRunner> listed,
            Map<String, byte[]> tails,
            Map<MessageCodec.Place, ByteBuffer> states) {
        return states.computeIfAbsent(place, p -> {
            byte[] tail = tails.computeIfAbsent(
                    String.valueOf(p.selected()), id -> codec.stateTail(view(p.selected(), listed)));
            return ByteBuffer.wrap(codec.state(p, tail)).asReadOnlyBuffer();
        });
    }

    /** Where a connection stands with its own vehicle. */
    MessageCodec.Place place(ControlSession session) {
        String vehicle = session.vehicle();
        if (vehicle == null) {
            return new MessageCodec.Place(null, "spectator", 0, 0, null, 0);
        }
        SeatPlace p = fleet.seat(vehicle).placeOf(session);
        String role = p.driving() ? "driver" : p.position() > 0 ? "queued" : "spectator";
        Long turnEndsAt = p.turnEndsAt().isPresent()
                ? clock.millis() + Math.max(0, (p.turnEndsAt().getAsLong() - nanos.getAsLong()) / 1_000_000)
                : null;
        return new MessageCodec.Place(
                vehicle, role, p.position(), p.queueLength(), turnEndsAt, fleet.spectators(vehicle));
    }

    /** The fleet as the watchers of one vehicle see it. */
    FleetView view(String vehicleId) {
        return view(vehicleId, vehicles.all());
    }

    /**
     * As {@link #view(String)}, from a list read earlier. A vehicle selected since that list was
     * read (one just added) is not in it: the list is read again, after the selection, so it shows.
     */
    private FleetView view(String vehicleId, Collection<VehicleRunner> listed) {
        VehicleRunner watched = find(listed, vehicleId);
        if (vehicleId != null && watched == null) {
            listed = List.copyOf(vehicles.all());
            watched = find(listed, vehicleId);
        }
        List<FleetView.Entry> entries = new ArrayList<>(listed.size());
        for (VehicleRunner v : listed) {
            Seat<ControlSession> seat = fleet.seat(v.id());
            entries.add(new FleetView.Entry(v.status(), seat.isTaken(), seat.queueLength()));
        }
        return new FleetView(entries, watched == null ? null : watched.vocabulary(), cameras);
    }

    private static VehicleRunner find(Collection<VehicleRunner> listed, String vehicleId) {
        for (VehicleRunner v : listed) {
            if (v.id().equals(vehicleId)) {
                return v;
            }
        }
        return null;
    }
}
