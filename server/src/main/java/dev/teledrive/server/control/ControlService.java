package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.telemetry.TelemetryFanout;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleTimers;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol itself: a connection's life from its greeting to its close, and what every client
 * is told. Who may drive which vehicle is the {@link Fleet}'s business (a seat and a queue per
 * vehicle), tokens the {@link Authenticator}'s, what each connection is told the
 * {@link StatePublisher}'s, and what each command does the handlers' in the {@link CommandTable}.
 * Transport-free, so the WebSocket endpoint stays a thin adapter and the core is tested in memory.
 *
 * <p>A connection's life is told in three places: {@link Arrivals} (caps, greeting), this class
 * (its frames), {@link Departures} (its close, and a vehicle that goes).
 */
public final class ControlService implements TelemetryFanout {

    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);

    private static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final HostSettings settings;
    private final VehicleRegistry vehicles;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final MessageReader reader = new MessageReader();
    private final MessageCodec codec = new MessageCodec();
    private final ControlEvents events;
    private final Replies replies;
    private final Failures failures;
    private final Fleet fleet;
    private final StatePublisher states;
    private final FleetDesk desk;
    private final Connections connections;
    private final CommandTable commands;
    private final MessageCodec.Limits limits;
    private final Arrivals arrivals;
    private final Departures departures;
    private final HeldPlaces held;
    private volatile TelemetryFanout.Relayed relayed = (vehicleId, telemetry) -> {};

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
        var authenticator = new Authenticator(settings.access(), setup.authThrottle());
        this.connections = new Connections(
                settings.limits().connections(), settings.limits().connectionsPerAddress());
        this.limits = MessageCodec.Limits.of(settings);
        StatePublisher[] publisher = new StatePublisher[1];
        this.fleet = new Fleet(
                vehicles, settings.turns(), nanoTime, setup.turnTimers(), id -> publisher[0].seatChanged(id), events);
        this.states = new StatePublisher(
                fleet, vehicles, connections, codec, clock, nanoTime, setup.cameras(), setup.stateSender());
        publisher[0] = states;
        fleet.onAudienceChange(new AudienceRounds(states, setup.turnTimers(), nanoTime)::changed);
        this.desk = new FleetDesk(fleet, states, vehicles, connections);
        var access = new AccessCommands(authenticator, fleet, replies, states);
        var seating = new SeatCommands(fleet, replies, states);
        var driving =
                new VehicleCommands(vehicles, settings, fleet, reader, replies, failures, states, events, nanoTime);
        var video = new VideoCommands(setup.tickets(), codec);
        ResumeCommands[] resuming = new ResumeCommands[1];
        var held = new HeldPlaces(settings.resumeGrace(), setup.turnTimers(), h -> resuming[0].expired(h));
        this.held = held;
        resuming[0] = new ResumeCommands(held, fleet, vehicles, replies, states, connections, this::endSuperseded);
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
        this.departures = new Departures(vehicles, fleet, held, states, events);
        this.arrivals = new Arrivals(
                settings,
                nanoTime,
                setup.version(),
                events,
                authenticator,
                connections,
                held,
                vehicles,
                fleet,
                states,
                codec,
                departures);
        vehicles.addListener(states::everyone);
        vehicles.addGoneListener(departures::vehicleGone);
    }

    /**
     * Lets a new connection in, or refuses it when the caps are reached ({@link Arrivals}). Nothing
     * is written to the client here, so the transport can hold on to the session before any write
     * can fail and close the connection: {@link #greet} comes next.
     *
     * @return the session, or {@code null} if the connection was refused and has been closed
     */
    ControlSession register(String remote, TextSender sender, ConnectionCloser closer) {
        return arrivals.register(remote, sender, closer, false, null);
    }

    /**
     * As {@link #register(String, TextSender, ConnectionCloser)}, for a connection that came through a
     * hub, with the resume token its hub gave the client ({@code null}: one is minted here).
     */
    ControlSession registerRelayed(String remote, TextSender sender, ConnectionCloser closer, String token) {
        if (token != null) {
            connections.withToken(token).ifPresent(this::replaced);
        }
        return arrivals.register(remote, sender, closer, true, token);
    }

    /**
     * Ends a connection whose hub opened another one here for the same client: the hub let go of
     * it (its site fell silent, or its client moved away) and that close was lost on the way, so it
     * would sit in its seat or queue place for good, and the new one would get a token its client
     * does not know. Ended as a dropped connection is, its car stops and its place is held under the
     * token, for the hub's {@code resume} that follows.
     */
    private void replaced(ControlSession old) {
        LOG.info("{}: its hub opened a new connection here for the same client; ending this one first", old);
        endSuperseded(old, "replaced by its hub's new connection for the same client");
    }

    /**
     * Ends a connection that a newer one takes over (a {@code resume}, or its hub's new connection for
     * the same client) as its transport closing would, so its car stops and its place is held for the
     * newer one, then closes the transport with 1000 and the reason.
     */
    private void endSuperseded(ControlSession old, String reason) {
        onClose(old);
        old.close(CLOSE_NORMAL, reason);
    }

    /**
     * How long ago the connection whose place a {@code resume} with this token would take joined this
     * server (the younger of a held one and an open one), or empty when none would ({@link ControlPort#holding}).
     */
    Optional<Duration> holding(String token) {
        long now = nanoTime.getAsLong();
        return Stream.of(held.holder(token), connections.withToken(token))
                .flatMap(Optional::stream)
                .map(s -> Duration.ofNanos(now - s.openedNanos()))
                .min(Comparator.naturalOrder());
    }

    /** Seats a registered connection if it may, and sends {@code hello} ({@link Arrivals}). */
    void greet(ControlSession session) {
        arrivals.greet(session);
    }

    /** Greets a hub's connection on the vehicle its hub chose, seated only if it may ({@link Arrivals}). */
    void greet(ControlSession session, String start, boolean mayTakeSeat) {
        arrivals.greet(session, start, mayTakeSeat);
    }

    /**
     * Where the samples of vehicles that connections through hubs watch go, once each however many
     * watch: the site publishes them to its hubs, which fan them out ({@link ControlPort}).
     */
    void relayTelemetryTo(TelemetryFanout.Relayed out) {
        relayed = out;
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
        end(session, true);
    }

    /** A hub's client left for another site, after its {@code release}: it ends, and nothing is held for it. */
    void onLeave(ControlSession session) {
        end(session, false);
    }

    private void end(ControlSession session, boolean hold) {
        if (!session.markClosed()) {
            return; // ended already: a resume elsewhere took it over before its transport closed
        }
        connections.remove(session);
        session.outbox().close();
        departures.leave(session, hold);
    }

    /** From now on every new connection is closed with 1001 at once, unseen: the server is shutting down. */
    public void refuseNew() {
        arrivals.refuseNew();
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

    /** Local connections get the sample each; those through hubs share one copy, which their hubs fan out. */
    @Override
    public void broadcast(String vehicleId, ByteBuffer telemetry) {
        boolean relayedAudience = false;
        for (ControlSession s : fleet.audience(vehicleId)) {
            if (!s.listening()) {
                continue;
            }
            if (s.relayed()) {
                relayedAudience = true;
            } else {
                s.outbox().offerTelemetry(telemetry);
            }
        }
        if (relayedAudience) {
            relayed.sample(vehicleId, telemetry);
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
                TokenBucket.refusal(
                        settings.limits().messagesPerSecond(), settings.limits().burst()));
    }
}
