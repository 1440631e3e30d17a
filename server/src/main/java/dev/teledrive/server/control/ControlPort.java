package dev.teledrive.server.control;

import dev.teledrive.server.telemetry.TelemetryFanout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The protocol core for connections that do not arrive on this server's own WebSocket: a hub's
 * connections, relayed over NATS to the site that owns their vehicles. Each one is a connection
 * like any other here, in the same seats and queues under the same rules, so a site has one
 * protocol engine for local and remote clients alike. Only telemetry differs: a relayed
 * connection is not sent its own copy of each sample; one copy goes to {@code telemetry} for all of
 * them, and their hubs fan it out.
 */
public final class ControlPort {

    /** Where a relayed connection's frames go: one UTF-8 JSON message each. */
    @FunctionalInterface
    public interface Frames {
        void send(ByteBuffer utf8);
    }

    /** Ends a relayed connection from this side (too slow, shutting down), with the WebSocket close code. */
    @FunctionalInterface
    public interface Ending {
        void end(int code, String reason);
    }

    /**
     * Where a relayed connection starts.
     *
     * @param vehicle     the vehicle it arrives on, if this server has it (else the default vehicle)
     * @param mayTakeSeat whether it takes that vehicle's seat when free, as a new connection does;
     *                    not for a client that moved here by selecting a vehicle while it drove nothing
     * @param token       the resume token its hub gave the client, the one its place here is held under
     *                    if it drops; {@code null}: this server mints one
     */
    public record Start(String vehicle, boolean mayTakeSeat, String token) {}

    /** One relayed connection. */
    public static final class Connection {
        private final ControlService service;
        private final ControlSession session;

        private Connection(ControlService service, ControlSession session) {
            this.service = service;
            this.session = session;
        }

        /** A text frame from the client. */
        public void text(String json) {
            service.onText(session, json);
        }

        /**
         * The client sent its hub a frame over the size limit: the connection closes with 1009 once
         * the replies owed for the frames before it are out, as on this server's own WebSocket.
         */
        public void oversized() {
            service.onOversized(session);
        }

        /** The client is gone, however: as a WebSocket closing, its vehicle stops and its place is held. */
        public void close() {
            service.onClose(session);
        }

        /**
         * The client left for another site (it released its place here first): the connection ends and
         * nothing is held for it, since its token names its place at that other site now.
         */
        public void leave() {
            service.onLeave(session);
        }
    }

    private final ControlService service;

    /**
     * @param telemetry where each sample of a vehicle that relayed connections watch goes, once
     */
    public ControlPort(ControlService service, TelemetryFanout.Relayed telemetry) {
        this.service = service;
        service.relayTelemetryTo(telemetry);
    }

    /**
     * Whether a place is held here under this resume token, or a connection open here has it (one whose
     * client is gone without this server having noticed yet), so that a {@code resume} with it would
     * succeed; and if so, how long ago that connection joined this server. A hub's client is at one
     * site at a time, each time on a new connection opened with its one token: of the sites that hold
     * that token, the one whose connection is youngest is where the client went last.
     *
     * @return how long ago the connection holding the place joined, or empty when none holds it
     */
    public Optional<Duration> holding(String token) {
        return service.holding(token);
    }

    /**
     * Lets a relayed connection in and greets it (its {@code hello} is the first frame sent).
     *
     * @param remote the client's address as its hub saw it, for per-address rules and logs
     * @return the connection, or {@code null} when the caps refused it (then {@code ending} was told)
     */
    public Connection open(String remote, Start start, Frames frames, Ending ending) {
        TextSender sender = (ByteBuffer utf8, boolean batch, Consumer<Throwable> done) -> {
            try {
                frames.send(utf8);
                done.accept(null);
            } catch (RuntimeException e) {
                done.accept(e);
            }
        };
        ControlSession session = service.registerRelayed(remote, sender, ending::end, start.token());
        if (session == null) {
            return null;
        }
        service.greet(session, start.vehicle(), start.mayTakeSeat());
        return new Connection(service, session);
    }
}
