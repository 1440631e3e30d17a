package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's arrival: let in or refused at the caps, then put on the default vehicle (seated
 * there when the seat is free) and greeted with {@code hello}. Also where the server stops letting
 * anyone in at shutdown, since an arrival that slips past that must not take a seat.
 */
final class Arrivals {

    private static final Logger LOG = LoggerFactory.getLogger(Arrivals.class);
    /** Replies a client may leave unread before it counts as too slow and is dropped. */
    private static final int MAX_QUEUED_REPLIES = 1024;

    private final HostSettings settings;
    private final LongSupplier nanoTime;
    private final String version;
    private final ControlEvents events;
    private final Authenticator authenticator;
    private final Connections connections;
    private final HeldPlaces held;
    private final VehicleRegistry vehicles;
    private final Fleet fleet;
    private final StatePublisher states;
    private final MessageCodec codec;
    private final MessageCodec.Limits limits;
    private final Departures departures;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean refusingNew;

    Arrivals(
            HostSettings settings,
            LongSupplier nanoTime,
            String version,
            ControlEvents events,
            Authenticator authenticator,
            Connections connections,
            HeldPlaces held,
            VehicleRegistry vehicles,
            Fleet fleet,
            StatePublisher states,
            MessageCodec codec,
            Departures departures) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.version = version;
        this.events = events;
        this.authenticator = authenticator;
        this.connections = connections;
        this.held = held;
        this.vehicles = vehicles;
        this.fleet = fleet;
        this.states = states;
        this.codec = codec;
        this.limits = MessageCodec.Limits.of(settings);
        this.departures = departures;
    }

    /**
     * Lets a new connection in, or refuses it when the caps are reached. Nothing is written to the
     * client here, so the transport can hold on to the session before any write can fail and
     * close the connection: {@link #greet} comes next.
     *
     * @param relayed whether it came through a hub, which fans its telemetry out ({@link ControlPort})
     * @param token   the resume token its hub derived for this site from its client's, or {@code null} to
     *                mint one here
     * @return the session, or {@code null} if the connection was refused and has been closed
     */
    ControlSession register(String remote, TextSender sender, ConnectionCloser closer, boolean relayed, String token) {
        String id = Long.toString(ids.incrementAndGet());
        var outbox = new Outbox(
                sender,
                MAX_QUEUED_REPLIES,
                () -> closer.close(
                        ControlService.CLOSE_POLICY, "too slow: " + MAX_QUEUED_REPLIES + " replies left unread"),
                events::telemetrySkipped);
        var session = new ControlSession(
                id,
                remote,
                outbox,
                new TokenBucket(
                        settings.limits().messagesPerSecond(), settings.limits().burst(), nanoTime),
                closer,
                authenticator.initialRole(),
                resumeToken(token),
                relayed,
                nanoTime.getAsLong());
        if (refusingNew) {
            closer.close(ControlService.CLOSE_GOING_AWAY, "server shutting down");
            return null;
        }
        AddressCaps.Refusal refusal = connections.add(session);
        if (refusal == null) {
            return session;
        }
        // The upgrade gate answers 503 or 429 before the upgrade; only a burst that slipped past it together gets here.
        LOG.debug("refused {}: {}", session, refusal);
        closer.close(
                ControlService.CLOSE_TRY_AGAIN_LATER,
                refusal == AddressCaps.Refusal.FULL
                        ? "too many connections"
                        : "too many connections from your address");
        return null;
    }

    /**
     * The new connection's resume token: the one its hub derived for this site from its client's, or
     * a fresh one. No connection open here still has the hub's: the service ends such a one first
     * ({@link ControlService#registerRelayed}). A place held under it stays held: only a
     * {@code resume} takes it (the hub's own, when it rejoins a site that fell silent), and the new
     * connection's own place, if it drops, replaces it ({@link HeldPlaces#hold}).
     */
    private String resumeToken(String fromHub) {
        return fromHub != null ? fromHub : held.newToken();
    }

    /**
     * Puts a registered connection on the default vehicle, seats it there if the seat is free, nobody
     * waits and no token is needed, and sends {@code hello}. The connection may already be gone (a
     * client that hung up at once): then it leaves the seat as it found it.
     */
    void greet(ControlSession session) {
        greet(session, null, true);
    }

    /**
     * As {@link #greet(ControlSession)}, on vehicle {@code start} if there is one of that id (a hub's
     * client arrives on the vehicle its hub chose), and seated only when {@code mayTakeSeat}: a hub's
     * client that moves here by selecting a vehicle is seated only if it drove where it was, as a
     * {@code select} on one server does.
     */
    void greet(ControlSession session, String start, boolean mayTakeSeat) {
        session.seatOnAuth(mayTakeSeat);
        var chosen = start == null ? Optional.<VehicleRunner>empty() : vehicles.find(start);
        chosen.ifPresent(VehicleRunner::connect); // as a select does: the default vehicle connected at start
        String vehicle = chosen.map(VehicleRunner::id).orElseGet(vehicles::defaultId);
        if (vehicle != null) {
            fleet.watch(session, vehicle);
        }
        boolean driver = vehicle != null
                && mayTakeSeat
                && !refusingNew // an upgrade that finished during shutdown must not seat a driver
                && session.authenticated()
                && fleet.seat(vehicle).takeIfFree(session);
        if (session.closed()) {
            // onClose ran before the watch or the claim and found nothing to undo: undo it here.
            // (onClose marks the session closed first, so one of the two always sees the other.)
            departures.leave(session);
            return;
        }
        // Before auth a stranger learns nothing of the fleet, nor which software to attack; the state
        // that follows a successful auth tells it all.
        boolean reveal = session.authenticated();
        session.outbox()
                .send(codec.hello(
                        reveal ? states.place(session) : MessageCodec.Place.NOWHERE,
                        reveal ? states.view(vehicle) : new FleetView(List.of(), null, CameraDirectory.NONE),
                        limits,
                        settings.turns(),
                        authenticator.required(),
                        reveal ? version : null,
                        session.resumeToken()));
        session.markGreeted(); // hello is first on every connection: only now may telemetry and state follow
        if (driver) {
            LOG.info("{} takes the seat of '{}'", session, vehicle);
            states.seatChanged(vehicle, session); // the others learn the seat is taken; the hello said so already
        } else {
            LOG.debug("{} opened as a spectator", session);
        }
    }

    /** From now on every new connection is closed with 1001 at once, unseen. */
    void refuseNew() {
        refusingNew = true;
    }
}
