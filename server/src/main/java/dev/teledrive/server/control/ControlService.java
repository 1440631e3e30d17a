package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import dev.teledrive.server.telemetry.TelemetryFanout;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.VehicleUnavailableException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol itself: what each client message does, who may send it, and what every client is
 * told. Transport-free, so the WebSocket endpoint stays a thin adapter.
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
    private final String version;
    private final MessageCodec codec = new MessageCodec();
    private final DriverSeat seat = new DriverSeat();
    private final Connections connections;
    private final AuthThrottle authThrottle;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Object> limits;

    public ControlService(HostSettings settings, VehicleRegistry vehicles, Clock clock, String version,
                          AuthThrottle authThrottle) {
        this.settings = settings;
        this.vehicles = vehicles;
        this.clock = clock;
        this.version = version;
        this.authThrottle = authThrottle;
        this.connections = new Connections(settings.limits().connections(), settings.limits().connectionsPerAddress());
        this.limits = limits(settings);
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
        var outbox = new Outbox(sender, MAX_QUEUED_REPLIES,
                () -> closer.close(CLOSE_POLICY, "too slow: " + MAX_QUEUED_REPLIES + " replies left unread"));
        var session = new ControlSession(id, remote, outbox,
                new TokenBucket(settings.limits().messagesPerSecond(), settings.limits().burst(), System::nanoTime),
                closer, !settings.access().required());
        AddressCaps.Refusal refusal = connections.add(session);
        if (refusal == null) {
            return session;
        }
        // The upgrade gate answers 503 or 429 before the upgrade; only a burst that slipped past it together gets here.
        LOG.debug("refused {}: {}", session, refusal);
        closer.close(CLOSE_TRY_AGAIN_LATER, refusal == AddressCaps.Refusal.FULL
                ? "too many connections" : "too many connections from your address");
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
        session.outbox().send(codec.hello(driver ? "driver" : "spectator", view(), limits, settings.access().required(), version));
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
            reply(session, e.id(), session.rate().tryAcquire() ? e : rateLimited());
            return;
        }
        try {
            dispatch(session, message);
        } catch (ProtocolException e) {
            reply(session, message.id(), e);
        } catch (RuntimeException e) {
            LOG.error("{}: '{}' failed", session, message.command(), e);
            session.outbox().send(codec.error(message.id(), ErrorCode.INTERNAL, "the server failed on this message; see its log"));
        }
    }

    /** Binary frames are not part of the protocol. */
    void onBinary(ControlSession session) {
        session.outbox().send(codec.error(null, ErrorCode.BAD_MESSAGE, "binary frames are not accepted: send JSON text"));
    }

    /** The connection is gone, however it ended: if it drove, the vehicle stops at once and the seat frees. */
    void onClose(ControlSession session) {
        session.markClosed();
        connections.remove(session);
        session.outbox().close();
        if (seat.release(session)) {
            LOG.info("{} closed while driving: stopping the vehicle", session);
            vehicles.selected().ifPresent(VehicleRunner::stop);
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

    private void dispatch(ControlSession session, ClientMessage message) throws ProtocolException {
        String command = message.command();
        if (!"stop".equals(command) && !session.rate().tryAcquire()) {
            throw rateLimited();
        }
        switch (command) {
            case "ping" -> session.outbox().send(codec.pong(message.id(), message.field("t"), clock.millis()));
            case "auth" -> auth(session, message);
            default -> {
                if (!session.authenticated()) {
                    throw new ProtocolException(ErrorCode.UNAUTHORIZED, "authenticate first: send {\"command\":\"auth\",\"token\":\"...\"}");
                }
                switch (command) {
                    case "claim" -> claim(session, message);
                    case "release" -> release(session, message);
                    case "select" -> select(session, message);
                    default -> vehicleCommand(session, message);
                }
            }
        }
    }

    private ProtocolException rateLimited() {
        return new ProtocolException(ErrorCode.RATE_LIMITED, "too many messages: at most "
                + fmt(settings.limits().messagesPerSecond()) + " a second (bursts of " + settings.limits().burst()
                + "); stop is always accepted");
    }

    private void auth(ControlSession session, ClientMessage message) throws ProtocolException {
        JsonNode token = message.field("token");
        if (token == null || !token.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'auth' needs a string 'token'");
        }
        if (!settings.access().required()) {
            ack(session, message);
            return;
        }
        Optional<Duration> wait = authThrottle.lockout(session.remote());
        if (wait.isPresent()) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many wrong tokens from your address: try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        HostSettings.Access access = settings.access();
        boolean admin = Tokens.matches(token.textValue(), access.adminToken());
        boolean driverToken = admin || Tokens.matches(token.textValue(), access.driverToken());
        if (!driverToken && !Tokens.matches(token.textValue(), access.spectatorToken())) {
            authThrottle.failed(session.remote());
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "that token is not valid");
        }
        boolean wasAuthenticated = session.authenticated();
        session.authenticate(driverToken, admin);
        boolean seated = driverToken && seat.claim(session);
        LOG.info("{} authenticated as {}", session, admin ? "the admin" : driverToken ? "a driver" : "a spectator");
        ack(session, message);
        if (seated) {
            broadcastState();
        } else if (!wasAuthenticated) {
            session.outbox().send(codec.state(view(), false));
        }
    }

    private void claim(ControlSession session, ClientMessage message) throws ProtocolException {
        if (seat.isHeldBy(session)) {
            ack(session, message);
            return;
        }
        if (!session.mayDrive()) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "a spectator token cannot drive");
        }
        if (session.admin()) {
            ControlSession previous = seat.takeOver(session);
            if (previous != null && previous != session) {
                LOG.info("the admin ({}) takes the seat from {}: stopping the vehicle", session, previous);
                vehicles.selected().ifPresent(VehicleRunner::stop);
            }
        } else if (!seat.claim(session)) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "another connection is driving; wait until it releases the seat");
        }
        LOG.info("{} takes the driver seat", session);
        ack(session, message);
        broadcastState();
    }

    private void release(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!seat.release(session)) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "there is no seat to release: this connection is not driving");
        }
        LOG.info("{} releases the driver seat: stopping the vehicle", session);
        vehicles.selected().ifPresent(VehicleRunner::stop);
        ack(session, message);
        broadcastState();
    }

    private void select(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!session.admin()) {
            requireDriver(session, "select a vehicle");
        }
        JsonNode vehicle = message.field("vehicle");
        if (vehicle == null || !vehicle.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'select' needs a string 'vehicle'");
        }
        replyWhenDone(session, message, vehicles.select(vehicle.textValue()));
    }

    private void vehicleCommand(ControlSession session, ClientMessage message) throws ProtocolException {
        VehicleRunner vehicle = vehicles.selected().orElseThrow(() -> new ProtocolException(
                ErrorCode.VEHICLE_UNAVAILABLE, "no vehicle is selected: add a vehicle plugin to the plugins folder"));
        Optional<CommandSpec> found = vehicle.vocabulary().find(message.command());
        if (found.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND, "'" + message.command() + "' is not a command of "
                    + vehicle.id() + "; it knows " + String.join(", ",
                    vehicle.vocabulary().commands().stream().map(CommandSpec::name).toList()));
        }
        CommandSpec spec = found.get();
        requireDriver(session, "drive");
        Duration duration = spec.kind() == CommandKind.TIMED
                ? session.duration(message.field("duration"), settings.maxDurationFor(vehicle.id())) : null;
        Command command;
        try {
            command = spec.bind(codec.parameters(message, spec), duration);
        } catch (InvalidCommandException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, e.getMessage());
        }
        vehicle.execute(command, spec.kind(), failure -> replyDone(session, message, failure));
    }

    private void requireDriver(ControlSession session, String what) throws ProtocolException {
        if (!seat.isHeldBy(session)) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "only the driver may " + what
                    + (seat.isTaken() ? "; someone else is driving" : "; send {\"command\":\"claim\"} to take the seat"));
        }
    }

    private void replyWhenDone(ControlSession session, ClientMessage message, CompletableFuture<Void> done) {
        done.whenComplete((ignored, failure) -> replyDone(session, message, failure));
    }

    /** The reply to a message the vehicles handled: an ack, or the error that explains the failure. */
    private void replyDone(ControlSession session, ClientMessage message, Throwable failure) {
        if (failure == null) {
            ack(session, message);
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof VehicleUnavailableException) {
            session.outbox().send(codec.error(message.id(), ErrorCode.VEHICLE_UNAVAILABLE, cause.getMessage()));
        } else {
            session.outbox().send(codec.error(message.id(), ErrorCode.INTERNAL,
                    "the vehicle failed on '" + message.command() + "' and was stopped; see the server log"));
        }
    }

    private void ack(ControlSession session, ClientMessage message) {
        if (message.id() != null) {
            session.outbox().send(codec.ack(message.id()));
        }
    }

    private void reply(ControlSession session, JsonNode id, ProtocolException e) {
        session.outbox().send(codec.error(id, e.code(), e.getMessage()));
    }

    private MessageCodec.View view() {
        var selected = vehicles.selected();
        return new MessageCodec.View(selected.map(VehicleRunner::id).orElse(null), vehicles.statuses(),
                selected.map(VehicleRunner::vocabulary).orElse(null));
    }

    private static Map<String, Object> limits(HostSettings s) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("frameBytes", s.limits().frameBytes());
        limits.put("messagesPerSecond", s.limits().messagesPerSecond());
        limits.put("burst", s.limits().burst());
        limits.put("maxDurationSeconds", s.maxDuration().toNanos() / 1e9);
        limits.put("deadmanMillis", s.deadman().toMillis());
        return limits;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
