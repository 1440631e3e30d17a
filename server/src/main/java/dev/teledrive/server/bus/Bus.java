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

    private final Connection connection;
    private final AtomicLong refusals = new AtomicLong();

    private Bus(Connection connection) {
        this.connection = connection;
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
        bus[0] = new Bus(Nats.connectReconnectOnConnect(options.build()));
        bus[0].refusals.addAndGet(early.get());
        return bus[0];
    }

    /** Sends a message; while NATS is away it waits in jnats's reconnect buffer, or is dropped when that is full. */
    public void publish(String subject, byte[] payload) {
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

    /**
     * A thread of its own for messages on subjects the caller adds and removes as interest comes and
     * goes ({@link Dispatcher#subscribe(String)}, {@link Dispatcher#unsubscribe(String)}).
     */
    public Dispatcher listen(MessageHandler handler) {
        return connection.createDispatcher(handler);
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
