package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * One WebSocket connection's protocol state. Its messages arrive one at a time on a Jetty thread,
 * so the fields read only there need no locks; what other threads read is volatile.
 */
final class ControlSession {

    /** The duration a timed command gets before the client ever names one (PROTOCOL.md). */
    static final Duration INITIAL_DURATION = Duration.ofMillis(100);

    private final String id;
    private final String remote;
    private final Outbox outbox;
    private final TokenBucket rate;
    private final ConnectionCloser closer;
    private final OwedReplies owed = new OwedReplies();
    private final String resumeToken;
    private final boolean relayed;
    /** When it joined this server, on the monotonic clock. */
    private final long openedNanos;

    private volatile boolean closed;
    private volatile boolean greeted;
    /**
     * Whether a driver token takes its vehicle's free seat at {@code auth}, as on a new connection;
     * not for a hub's client that arrived without a seat (it selected here as a spectator, or came
     * back from its site's silence), whose hub replays its {@code auth}.
     */
    private volatile boolean seatOnAuth = true;

    private volatile Role role;
    private volatile String vehicle;
    private Duration lastDuration = INITIAL_DURATION;

    ControlSession(
            String id,
            String remote,
            Outbox outbox,
            TokenBucket rate,
            ConnectionCloser closer,
            Role role,
            String resumeToken,
            boolean relayed,
            long openedNanos) {
        this.id = id;
        this.openedNanos = openedNanos;
        this.relayed = relayed;
        this.resumeToken = resumeToken;
        this.remote = remote;
        this.outbox = outbox;
        this.rate = rate;
        this.closer = closer;
        this.role = role;
    }

    String id() {
        return id;
    }

    String remote() {
        return remote;
    }

    /**
     * Whether this connection came through a hub ({@link ControlPort}): its telemetry is not sent to
     * it but published once for every relayed watcher of the vehicle, and its hub fans it out.
     */
    boolean relayed() {
        return relayed;
    }

    /** When it joined this server, in {@link System#nanoTime} terms (or a test's monotonic clock). */
    long openedNanos() {
        return openedNanos;
    }

    /** The token that takes this connection's place back after it drops; never logged. */
    String resumeToken() {
        return resumeToken;
    }

    Outbox outbox() {
        return outbox;
    }

    TokenBucket rate() {
        return rate;
    }

    /** The replies a vehicle has yet to make to this connection. */
    OwedReplies owed() {
        return owed;
    }

    /** Closes the WebSocket with this code; the close comes back as {@link ControlService#onClose}. */
    void close(int code, String reason) {
        closer.close(code, reason);
    }

    /**
     * Marks the connection as gone; from now on nothing may give it a seat.
     *
     * @return whether it was open until now: only the first of several ends undoes what it held
     */
    synchronized boolean markClosed() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    boolean closed() {
        return closed;
    }

    /** Marks that {@code hello} has been sent: from now on telemetry and state may follow it. */
    void markGreeted() {
        greeted = true;
    }

    void seatOnAuth(boolean may) {
        seatOnAuth = may;
    }

    boolean seatOnAuth() {
        return seatOnAuth;
    }

    /** Whether this connection may be sent telemetry and state: it was greeted and has authenticated. */
    boolean listening() {
        return greeted && authenticated();
    }

    boolean authenticated() {
        return role != Role.NONE;
    }

    /** Whether this connection may take the driver seat (not with a spectator token). */
    boolean mayDrive() {
        return role.mayDrive();
    }

    /** The connection proved a token: a driver token lets it drive, the admin token also take the seat. */
    void authenticate(Role proved) {
        role = proved;
    }

    /** The vehicle this connection watches and would drive: its own selection. */
    String vehicle() {
        return vehicle;
    }

    /** Called by {@link Fleet} only, which keeps the audiences in step; {@code null}: none. */
    void select(String vehicleId) {
        vehicle = vehicleId;
    }

    /** The role's name for people and for video tickets, such as {@code spectator}. */
    String roleName() {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this is the owner, who may take the seat from another driver. */
    boolean admin() {
        return role == Role.ADMIN;
    }

    /**
     * The seed's duration rule: a number of seconds (clamped to the maximum) becomes the
     * connection's duration from now on; missing or null reuses the last one.
     */
    Duration duration(JsonNode field, Duration max) throws ProtocolException {
        if (field == null || field.isNull()) {
            return lastDuration;
        }
        if (!field.isNumber() || !Double.isFinite(field.doubleValue()) || field.doubleValue() < 0) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'duration' must be a number of seconds, 0 or more");
        }
        long nanos = (long) Math.min(field.doubleValue() * 1e9, max.toNanos());
        lastDuration = Duration.ofNanos(nanos);
        return lastDuration;
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remote;
    }
}
