package dev.teledrive.server.bus;

import dev.teledrive.server.security.QuietLog;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's connection to NATS, through jnats: it dials every server given, logs in, and
 * reconnects by itself for as long as the process runs (a site at home starts even while its
 * internet is down, and comes back after every outage). Refusals from NATS, such as a permission
 * violation, are counted and logged at most once a minute: a misconfigured site must not flood its log.
 */
public final class Bus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
    private static final Duration RECONNECT_WAIT = Duration.ofMillis(250);
    /**
     * The socket's send buffer (Linux doubles it). Left to the kernel it grows to megabytes, and on a
     * slow home uplink video frames would wait there for seconds, out of reach of latest-wins; this
     * small it holds about 0.1 s at 5 Mbit/s, so frames wait in jnats's queue instead, where the site
     * sees them ({@link #outgoingPendingBytes}) and sends the newest next (docs/video.md). It still
     * carries 10 Mbit/s over a 50 ms round trip.
     */
    static final int SEND_BUFFER_BYTES = 32 * 1024;

    private final Connection connection;
    private final QuietLog quiet;
    private final AtomicLong refusals = new AtomicLong();

    private Bus(Connection connection, QuietLog quiet) {
        this.connection = connection;
        this.quiet = quiet;
    }

    /**
     * Connects, or keeps trying in the background when no server answers yet.
     *
     * @param name the connection's name in NATS's monitoring, such as {@code site home}
     */
    public static Bus connect(BusSettings settings, String name, Clock clock) throws IOException, InterruptedException {
        var quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        Bus[] bus = new Bus[1];
        AtomicLong early = new AtomicLong();
        Options.Builder options = Options.builder()
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .sendBufferSize(SEND_BUFFER_BYTES)
                .connectionListener((conn, event) -> LOG.info("NATS: {} ({})", event, conn.getConnectedUrl()))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        (bus[0] == null ? early : bus[0].refusals).incrementAndGet();
                        quiet.warn("NATS refused something: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        quiet.warn("NATS connection trouble: {}", exp.toString());
                    }
                });
        for (URI server : settings.servers()) {
            options.server(server.toString());
        }
        BusSettings.Login login = settings.login();
        if (login instanceof BusSettings.Login.Credentials c) {
            options.authHandler(Nats.credentials(c.file().toString()));
        } else if (login instanceof BusSettings.Login.UserPassword u) {
            options.userInfo(u.user(), u.password());
        } else if (login instanceof BusSettings.Login.Token t) {
            options.token(t.token().toCharArray());
        }
        bus[0] = new Bus(Nats.connectReconnectOnConnect(options.build()), quiet);
        bus[0].refusals.addAndGet(early.get());
        return bus[0];
    }

    /**
     * Sends a message; while NATS is away it waits in jnats's reconnect buffer, or is dropped when that
     * is full. A message over the server's {@code max_payload} is dropped here, counted as a refusal
     * and logged: jnats would throw at the caller (a video frame's thread, a relayed reply's), and a
     * server that got one would close the whole connection.
     */
    public void publish(String subject, byte[] payload) {
        long max = connection.getMaxPayload();
        if (max > 0 && payload.length > max) {
            refusals.incrementAndGet();
            quiet.warn("not sent to {}: {} bytes, over NATS's max_payload of {}", subject, payload.length, max);
            return;
        }
        try {
            connection.publish(subject, payload);
        } catch (IllegalStateException e) {
            LOG.debug("not sent to {}: {}", subject, e.getMessage()); // closed, or the reconnect buffer is full
        }
    }

    /** Hears every message on this subject (wildcards allowed) on a thread of its own. */
    public Dispatcher subscribe(String subject, MessageHandler handler) {
        Dispatcher dispatcher = connection.createDispatcher(handler);
        dispatcher.subscribe(subject);
        return dispatcher;
    }

    /** Stops hearing what {@link #subscribe} began, and ends its thread. */
    public void unsubscribe(Dispatcher dispatcher) {
        try {
            connection.closeDispatcher(dispatcher);
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.debug("a subscription ended with its connection: {}", e.getMessage());
        }
    }

    /** Bytes handed to jnats and not yet written to the socket: what a slow uplink piles up. */
    public long outgoingPendingBytes() {
        return connection.outgoingPendingBytes();
    }

    /** The largest message the NATS server takes ({@code max_payload}, 1 MiB by default). */
    public long maxPayload() {
        return connection.getMaxPayload();
    }

    /** Whether NATS is reachable now. */
    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** The server in use, or {@code null} while none is. */
    public String server() {
        return connection.getConnectedUrl();
    }

    /** How many things NATS refused (publish or subscribe permissions, and the like). */
    public long refusals() {
        return refusals.get();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
