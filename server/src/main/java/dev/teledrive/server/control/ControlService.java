package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.VideoTickets;
import dev.teledrive.server.telemetry.TelemetryFanout;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
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
 * is told. Who may drive is the {@link Seat}'s business, tokens the {@link Authenticator}'s, and
 * what each command does the handlers' in the {@link CommandTable}. Transport-free, so the
 * WebSocket endpoint stays a thin adapter and the core is tested in memory.
 *
 * <p>A little over 250 lines on purpose: a connection's whole life (caps, greeting, frames,
 * close) reads in one place, where the order of its steps is the safety argument.
 */
public final class ControlService implements TelemetryFanout {

    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    /** Replies a client may leave unread before it counts as too slow and is dropped. */
    private static final int MAX_QUEUED_REPLIES = 1024;

    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final HostSettings settings;
    private final VehicleRegistry vehicles;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String version;
    private final MessageCodec codec = new MessageCodec();
    private final Replies replies = new Replies(codec);
    private final Seat seat;
    private final Authenticator authenticator;
    private final Connections connections;
    private final CommandTable commands;
    private final AtomicLong ids = new AtomicLong();
    private final MessageCodec.Limits limits;
    private final CameraDirectory cameras;

    public ControlService(
            HostSettings settings, VehicleRegistry vehicles, Clock clock, String version, AuthThrottle authThrottle) {
        this(settings, vehicles, clock, version, authThrottle, new VideoTickets(clock), CameraDirectory.NONE);
    }

    /**
     * @param tickets the tickets that {@code ticket} issues and video streams redeem
     * @param cameras each vehicle's cameras, shown beside it
     */
    public ControlService(
            HostSettings settings,
            VehicleRegistry vehicles,
            Clock clock,
            String version,
            AuthThrottle authThrottle,
            VideoTickets tickets,
            CameraDirectory cameras) {
        this.cameras = cameras;
        this.settings = settings;
        this.vehicles = vehicles;
        this.clock = clock;
        this.nanoTime = Monotonic.nanoTime(clock);
        this.version = version;
        this.seat = new Seat(() -> vehicles.selected().ifPresent(VehicleRunner::stop));
        this.authenticator = new Authenticator(settings.access(), authThrottle);
        this.connections = new Connections(
                settings.limits().connections(), settings.limits().connectionsPerAddress());
        this.limits = MessageCodec.Limits.of(settings);
        StateUpdates updates = new StateUpdates() {
            @Override
            public void seatChanged() {
                broadcastState();
            }

            @Override
            public void sendState(ControlSession to) {
                to.outbox().send(codec.state(view(), seat.isHeldBy(to)));
            }
        };
        var access = new AccessCommands(authenticator, seat, replies, updates);
        var seating = new SeatCommands(seat, replies, updates);
        var driving = new VehicleCommands(vehicles, settings, seat, codec, replies);
        var video = new VideoCommands(tickets, codec);
        this.commands = new CommandTable(
                Map.of(
                        "ping", CommandTable.open(this::ping),
                        "auth", CommandTable.open(access::auth),
                        "claim", CommandTable.authenticated(seating::claim),
                        "release", CommandTable.authenticated(seating::release),
                        "select", CommandTable.authenticated(driving::select),
                        "ticket", CommandTable.authenticated(video::ticket)),
                driving::vocabulary);
        vehicles.addListener(this::broadcastState);
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
                () -> closer.close(CLOSE_POLICY, "too slow: " + MAX_QUEUED_REPLIES + " replies left unread"));
        var session = new ControlSession(
                id,
                remote,
                outbox,
                new TokenBucket(
                        settings.limits().messagesPerSecond(), settings.limits().burst(), nanoTime),
                closer,
                authenticator.initialRole());
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
     * Seats a registered connection if the seat is free and no token is needed, and sends
     * {@code hello}. The connection may already be gone (a client that hung up at once): then it
     * leaves the seat as it found it.
     */
    void greet(ControlSession session) {
        boolean driver = session.authenticated() && seat.claim(session);
        if (driver && session.closed()) {
            // onClose ran before the claim and found no seat to free: free it here. (onClose marks
            // the session closed before it releases, so one of the two always sees the other.)
            seat.release(session);
            return;
        }
        session.outbox()
                .send(codec.hello(driver ? "driver" : "spectator", view(), limits, authenticator.required(), version));
        session.markGreeted(); // hello is first on every connection: only now may telemetry and state follow
        if (driver) {
            LOG.info("{} takes the driver seat", session);
            broadcastState(session); // the others learn the seat is taken; the newcomer's hello said so already
        } else {
            LOG.debug("{} opened as a spectator", session);
        }
    }

    /** Handles one text frame. */
    void onText(ControlSession session, String text) {
        if (seat.isHeldBy(session)) {
            vehicles.selected().ifPresent(VehicleRunner::driverActivity); // any word from the driver feeds the dead-man
        }
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (ProtocolException e) {
            // A frame that is not even a message still counts against the rate limit: answering a
            // flood of garbage costs as much as answering a flood of pings.
            replies.error(session, e.id(), session.rate().tryAcquire() ? e : rateLimited());
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
            LOG.error("{}: '{}' failed", session, message.command(), e);
            replies.error(session, message.id(), ErrorCode.INTERNAL, "the server failed on this message; see its log");
        }
    }

    /** Binary frames are not part of the protocol. */
    void onBinary(ControlSession session) {
        replies.error(session, null, ErrorCode.BAD_MESSAGE, "binary frames are not accepted: send JSON text");
    }

    /** The connection is gone, however it ended: if it drove, the vehicle stops at once and the seat frees. */
    void onClose(ControlSession session) {
        session.markClosed();
        connections.remove(session);
        session.outbox().close();
        if (seat.release(session)) {
            LOG.info("{} closed while driving: the vehicle was stopped", session);
            broadcastState();
        } else {
            LOG.debug("{} closed", session);
        }
    }

    /**
     * Closes every connection with 1001 (going away), as on shutdown, and waits up to
     * {@code wait} for the clients to finish the close handshake.
     */
    public void closeAll(String reason, Duration wait) {
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

    /** Whether someone holds the driver seat. */
    public boolean hasDriver() {
        return seat.isTaken();
    }

    @Override
    public boolean hasAudience() {
        return !connections.isEmpty();
    }

    @Override
    public void broadcast(ByteBuffer telemetry) {
        for (ControlSession s : connections.all()) {
            if (s.listening()) {
                s.outbox().offerTelemetry(telemetry);
            }
        }
    }

    /** Tells every client the current selection, seat and vehicles. */
    public void broadcastState() {
        broadcastState(null);
    }

    /** Tells every client but one (or none) the current selection, seat and vehicles. */
    private void broadcastState(ControlSession except) {
        MessageCodec.View view = view();
        String asDriver = codec.state(view, true);
        String asSpectator = codec.state(view, false);
        for (ControlSession s : connections.all()) {
            if (s.listening() && s != except) {
                s.outbox().send(seat.isHeldBy(s) ? asDriver : asSpectator);
            }
        }
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

    private MessageCodec.View view() {
        var selected = vehicles.selected();
        return new MessageCodec.View(
                selected.map(VehicleRunner::id).orElse(null),
                vehicles.statuses(),
                selected.map(VehicleRunner::vocabulary).orElse(null),
                cameras);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
