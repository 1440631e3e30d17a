package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.telemetry.TelemetryFanout;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.VehicleTimers;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol itself: a connection's life from its greeting to its close, and what every client
 * is told. Who may drive which vehicle is the {@link Fleet}'s business (a seat and a queue per
 * vehicle), tokens the {@link Authenticator}'s, what each connection is told the
 * {@link StatePublisher}'s, and what each command does the handlers' in the {@link CommandTable}.
 * Transport-free, so the WebSocket endpoint stays a thin adapter and the core is tested in memory.
 *
 * <p>About 300 lines on purpose: a connection's whole life (caps, greeting, frames, close, a
 * vehicle that goes) reads in one place, where the order of its steps is the safety argument.
 */
public final class ControlService implements TelemetryFanout {

    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    /** Replies a client may leave unread before it counts as too slow and is dropped. */
    private static final int MAX_QUEUED_REPLIES = 1024;

    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final HostSettings settings;
    private final VehicleRegistry vehicles;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String version;
    private final MessageReader reader = new MessageReader();
    private final MessageCodec codec = new MessageCodec();
    private final ControlEvents events;
    private final Replies replies;
    private final Failures failures;
    private final Fleet fleet;
    private final StatePublisher states;
    private final FleetDesk desk;
    private final Authenticator authenticator;
    private final Connections connections;
    private final CommandTable commands;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean refusingNew;
    private final MessageCodec.Limits limits;
    private final HeldPlaces held;

    /**
     * A core with no metrics, no cameras, and every state written at once: for tests.
     *
     * @param turnTimers where the vehicles' turn and idle limits wait: real time, or a test's clock
     */
    public ControlService(
            HostSettings settings,
            VehicleRegistry vehicles,
            Clock clock,
            String version,
            AuthThrottle authThrottle,
            VehicleTimers turnTimers) {
        this(ControlSetup.of(settings, clock, version, authThrottle, turnTimers), vehicles);
    }

    /** The core of a server, on these vehicles. */
    public ControlService(ControlSetup setup, VehicleRegistry vehicles) {
        HostSettings settings = setup.settings();
        Clock clock = setup.clock();
        ControlEvents events = setup.events();
        this.events = events;
        this.replies = new Replies(codec, events);
        this.failures = new Failures(replies, events, clock);
        this.settings = settings;
        this.vehicles = vehicles;
        this.clock = clock;
        this.nanoTime = Monotonic.nanoTime(clock);
        this.version = setup.version();
        this.authenticator = new Authenticator(settings.access(), setup.authThrottle());
        this.connections = new Connections(
                settings.limits().connections(), settings.limits().connectionsPerAddress());
        this.limits = MessageCodec.Limits.of(settings);
        StatePublisher[] publisher = new StatePublisher[1];
        this.fleet = new Fleet(
                vehicles, settings.turns(), nanoTime, setup.turnTimers(), id -> publisher[0].seatChanged(id), events);
        this.states = new StatePublisher(
                fleet, vehicles, connections, codec, clock, nanoTime, setup.cameras(), setup.stateSender());
        publisher[0] = states;
        this.desk = new FleetDesk(fleet, states, vehicles, connections);
        var access = new AccessCommands(authenticator, fleet, replies, states);
        var seating = new SeatCommands(fleet, replies, states);
        var driving =
                new VehicleCommands(vehicles, settings, fleet, reader, replies, failures, states, events, nanoTime);
        var video = new VideoCommands(setup.tickets(), codec);
        ResumeCommands[] resuming = new ResumeCommands[1];
        this.held = new HeldPlaces(settings.resumeGrace(), setup.turnTimers(), h -> resuming[0].expired(h));
        resuming[0] = new ResumeCommands(held, fleet, vehicles, replies, states);
        this.commands = new CommandTable(
                Map.of(
                        "ping", CommandTable.open(this::ping),
                        "auth", CommandTable.open(access::auth),
                        "claim", CommandTable.authenticated(seating::claim),
                        "release", CommandTable.authenticated(seating::release),
                        "skip", CommandTable.authenticated(seating::skip),
                        "select", CommandTable.withoutVehicle(driving::select),
                        "ticket", CommandTable.withoutVehicle(video::ticket),
                        "resume", CommandTable.withoutVehicle(resuming[0]::resume)),
                driving::vocabulary);
        vehicles.addListener(states::everyone);
        vehicles.addGoneListener(this::vehicleGone);
    }

    /**
     * Lets a new connection in, or refuses it when the caps are reached. Nothing is written to the
     * client here, so the transport can hold on to the session before any write can fail and
     * close the connection: {@link #greet} comes next.
     *
     * @return the session, or {@code null} if the connection was refused and has been closed
     */
    ControlSession register(String remote, TextSender sender, ConnectionCloser closer) {
        String id = Long.toString(ids.incrementAndGet());
        var outbox = new Outbox(
                sender,
                MAX_QUEUED_REPLIES,
                () -> closer.close(CLOSE_POLICY, "too slow: " + MAX_QUEUED_REPLIES + " replies left unread"),
                events::telemetrySkipped);
        var session = new ControlSession(
                id,
                remote,
                outbox,
                new TokenBucket(
                        settings.limits().messagesPerSecond(), settings.limits().burst(), nanoTime),
                closer,
                authenticator.initialRole(),
                held.newToken());
        if (refusingNew) {
            closer.close(CLOSE_GOING_AWAY, "server shutting down");
            return null;
        }
        AddressCaps.Refusal refusal = connections.add(session);
        if (refusal == null) {
            return session;
        }
        // The upgrade gate answers 503 or 429 before the upgrade; only a burst that slipped past it together gets here.
        LOG.debug("refused {}: {}", session, refusal);
        closer.close(
                CLOSE_TRY_AGAIN_LATER,
                refusal == AddressCaps.Refusal.FULL
                        ? "too many connections"
                        : "too many connections from your address");
        return null;
    }

    /**
     * Puts a registered connection on the default vehicle, seats it there if the seat is free, nobody
     * waits and no token is needed, and sends {@code hello}. The connection may already be gone (a
     * client that hung up at once): then it leaves the seat as it found it.
     */
    void greet(ControlSession session) {
        String vehicle = vehicles.defaultId();
        if (vehicle != null) {
            fleet.watch(session, vehicle);
        }
        boolean driver = vehicle != null
                && !refusingNew // an upgrade that finished during shutdown must not seat a driver
                && session.authenticated()
                && fleet.seat(vehicle).takeIfFree(session);
        if (session.closed()) {
            // onClose ran before the watch or the claim and found nothing to undo: undo it here.
            // (onClose marks the session closed first, so one of the two always sees the other.)
            leave(session);
            return;
        }
        // Before auth a stranger learns nothing of the fleet, nor which software to attack; the state
        // that follows a successful auth tells it all.
        boolean reveal = session.authenticated();
        session.outbox()
                .send(codec.hello(
                        reveal ? states.place(session) : MessageCodec.Place.NOWHERE,
                        reveal ? states.view(vehicle) : new FleetView(java.util.List.of(), null, CameraDirectory.NONE),
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

    /**
     * Handles one text frame. Nothing thrown here may reach the transport, which would close the
     * connection without a word: an unexpected failure is answered {@code internal} ({@link Failures}).
     * Only commands that can move the vehicle feed its dead-man ({@link VehicleCommands}).
     */
    void onText(ControlSession session, String text) {
        ClientMessage message;
        try {
            message = reader.decode(text);
        } catch (ProtocolException e) {
            // A frame that is not even a message still counts against the rate limit: answering a
            // flood of garbage costs as much as answering a flood of pings.
            replies.error(session, e.id(), session.rate().tryAcquire() ? e : rateLimited());
            return;
        } catch (RuntimeException e) {
            failures.answer(session, null, "a frame", e);
            return;
        }
        try {
            if (!"stop".equals(message.command()) && !session.rate().tryAcquire()) {
                throw rateLimited();
            }
            commands.dispatch(session, message);
        } catch (ProtocolException e) {
            replies.error(session, message.id(), e);
        } catch (RuntimeException e) {
            failures.answer(session, message.id(), message.command(), e);
        }
    }

    /** The transport failed on this connection: logged unless it is the ordinary end of a connection. */
    void onTransportError(ControlSession session, Throwable error) {
        failures.record(session, "the connection", error);
    }

    /**
     * A frame over the size limit arrived: nothing more is read, and once every reply owed for the
     * messages before it has gone out, the connection closes with 1009, as the protocol asks.
     */
    void onOversized(ControlSession session) {
        LOG.debug("{} sent a frame over {} bytes: closing once its replies are out", session, limits.frameBytes());
        session.owed()
                .whenSettled(() -> session.outbox()
                        .closeAfterReplies(() -> session.close(
                                CLOSE_TOO_BIG, "message too big: at most " + limits.frameBytes() + " bytes")));
    }

    /** Binary frames are not part of the protocol. */
    void onBinary(ControlSession session) {
        replies.error(session, null, ErrorCode.BAD_MESSAGE, "binary frames are not accepted: send JSON text");
    }

    /**
     * The connection is gone, however it ended: if it drove, its vehicle stops at once. Its seat or
     * queue place is then held for its resume token ({@link HeldPlaces}), or with holding off it
     * frees at once: the next in the queue drives, or it leaves the queue.
     */
    void onClose(ControlSession session) {
        session.markClosed();
        connections.remove(session);
        session.outbox().close();
        leave(session);
    }

    private void leave(ControlSession session) {
        String vehicle = session.vehicle();
        if (vehicle == null) {
            return;
        }
        boolean drove = fleet.drives(session);
        fleet.forget(session);
        if (held.hold(session)) {
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
    private void vehicleGone(String vehicleId) {
        String fallback = vehicles.defaultId();
        // A copy: moving a watcher changes the audience, and the last vehicle of all may still be the
        // default while it goes (watching it again would put the watcher back in the set being walked).
        var watchers = new java.util.ArrayList<ControlSession>();
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

    /** From now on every new connection is closed with 1001 at once, unseen: the server is shutting down. */
    public void refuseNew() {
        refusingNew = true;
    }

    /**
     * Closes every connection with 1001 (going away), as on shutdown, and waits up to
     * {@code wait} for the clients to finish the close handshake.
     */
    public void closeAll(String reason, Duration wait) {
        fleet.close();
        for (ControlSession s : connections.all()) {
            try {
                s.close(CLOSE_GOING_AWAY, reason);
            } catch (RuntimeException e) {
                LOG.debug("closing {} failed", s, e);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Open connections. */
    public int connectionCount() {
        return connections.count();
    }

    /** Open connections from one client address. */
    public int connectionsFrom(String address) {
        return connections.countFrom(address);
    }

    /** What the owner sees and does of each vehicle's seat: the REST API's and the metrics' view. */
    public FleetDesk desk() {
        return desk;
    }

    /** Whether someone drives any vehicle. */
    public boolean hasDriver() {
        return fleet.anyDriver();
    }

    @Override
    public boolean hasAudience(String vehicleId) {
        return fleet.spectators(vehicleId) > 0;
    }

    @Override
    public void broadcast(String vehicleId, ByteBuffer telemetry) {
        for (ControlSession s : fleet.audience(vehicleId)) {
            if (s.listening()) {
                s.outbox().offerTelemetry(telemetry);
            }
        }
    }

    /** Tells every client its state, as after a change every vehicle list shows. */
    public void broadcastState() {
        states.everyone();
    }

    private void ping(ControlSession session, ClientMessage message) {
        session.outbox().send(codec.pong(message.id(), message.field("t"), clock.millis()));
    }

    private ProtocolException rateLimited() {
        return new ProtocolException(
                ErrorCode.RATE_LIMITED,
                "too many messages: at most "
                        + fmt(settings.limits().messagesPerSecond()) + " a second (bursts of "
                        + settings.limits().burst()
                        + "); stop is always accepted");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
