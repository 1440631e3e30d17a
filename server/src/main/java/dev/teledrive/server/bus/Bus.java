package dev.teledrive.server.bus;

import dev.teledrive.server.config.ConfigurationException;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
     * How often the connection asks its node for a PONG; two unanswered and jnats moves to another
     * node. A node cut off without a word (a partition, a hung machine) keeps its TCP connection
     * open, and jnats's default of two minutes would leave a site deaf that long: with a second,
     * it moves on within 2-3 s, about when hubs and sites begin to call each other silent.
     */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    /** Unanswered pings before jnats calls its node gone. */
    private static final int MAX_PINGS_OUT = 2;
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
    private final BusTraffic traffic;
    private final RoundTrip roundTrip;
    private final Backlog backlog;

    private Bus(Connection connection, BusTraffic traffic, QuietLog quiet) {
        this.connection = connection;
        this.backlog = new Backlog(() -> connection.getStatistics().getOutBytes());
        this.traffic = traffic;
        this.quiet = quiet;
        this.roundTrip = new RoundTrip(connection);
    }

    /**
     * Connects, or keeps trying in the background when no server answers yet.
     *
     * @param name the connection's name in NATS's monitoring, such as {@code site home}
     * @throws ConfigurationException when NATS refuses the login, which jnats never tries again
     */
    public static Bus connect(BusSettings settings, String name, Clock clock) throws IOException, InterruptedException {
        var quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        Bus[] bus = new Bus[1];
        AtomicLong early = new AtomicLong();
        var lastRefusal = new AtomicReference<String>();
        Options.Builder options = Options.builder()
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .pingInterval(PING_INTERVAL)
                .maxPingsOut(MAX_PINGS_OUT)
                .sendBufferSize(SEND_BUFFER_BYTES)
                .connectionListener((conn, event) -> LOG.info("NATS: {} ({})", event, conn.getConnectedUrl()))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        lastRefusal.set(error);
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
        } else if (login instanceof BusSettings.Login.Nkey n) {
            options.authHandler(new NkeySeedFile(n.file()));
        } else if (login instanceof BusSettings.Login.UserPassword u) {
            options.userInfo(u.user(), u.password());
        } else if (login instanceof BusSettings.Login.Token t) {
            options.token(t.token().toCharArray());
        }
        settings.trust()
                .ifPresent(trust -> options.truststorePath(trust.file().toString())
                        .truststorePassword(trust.password().toCharArray()));
        Connection connection = Nats.connectReconnectOnConnect(options.build());
        if (connection.getStatus() == Connection.Status.CLOSED) {
            // jnats gives up at once on a login NATS refuses (it would be refused for ever)
            throw new ConfigurationException("NATS at " + settings.servers() + " refused " + name + asWhom(login)
                    + ": " + lastRefusal.get() + ". Check its login against the NATS server's users: nats.user with "
                    + "TELEDRIVE_NATS_PASSWORD, nats.credentials or nats.token (docs/sites.md)");
        }
        bus[0] = new Bus(connection, new BusTraffic(), quiet);
        bus[0].refusals.addAndGet(early.get());
        bus[0].roundTrip.start();
        return bus[0];
    }

    /** Whom a refused login tried to be, never its secret. */
    private static String asWhom(BusSettings.Login login) {
        if (login instanceof BusSettings.Login.Nkey n) {
            return " as nkey " + n.publicKey() + " (its seed in " + n.file()
                    + ", nats.credentials; the server's authorization must list this public key)";
        }
        if (login instanceof BusSettings.Login.Credentials c) {
            return " with the credentials in " + c.file() + " (nats.credentials)";
        }
        if (login instanceof BusSettings.Login.UserPassword u) {
            return " as user " + u.user() + " (nats.user)";
        }
        return "";
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
        backlog.handed(payload.length);
        boolean queued = false;
        try {
            connection.publish(subject, payload);
            queued = true;
            traffic.count(BusTraffic.Direction.OUT, subject, payload.length);
        } catch (IllegalStateException e) {
            LOG.debug("not sent to {}: {}", subject, e.getMessage()); // closed, or the reconnect buffer is full
        } finally {
            if (!queued) {
                backlog.refused(payload.length);
            }
        }
    }

    /** Hears every message on this subject (wildcards allowed) on a thread of its own. */
    public Dispatcher subscribe(String subject, MessageHandler handler) {
        Dispatcher dispatcher = connection.createDispatcher(m -> {
            byte[] data = m.getData();
            traffic.count(BusTraffic.Direction.IN, m.getSubject(), data == null ? 0 : data.length);
            handler.onMessage(m);
        });
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

    /** Stops hearing what {@link #subscribe} began, and ends its thread. */
    public void unsubscribe(Dispatcher dispatcher) {
        try {
            connection.closeDispatcher(dispatcher);
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.debug("a subscription ended with its connection: {}", e.getMessage());
        }
    }

    /**
     * Bytes handed to jnats and not yet taken by its writer: what a slow uplink piles up, and what
     * waits while NATS is away. Never blocks (jnats's own count can, for as long as NATS is away: see
     * {@link Backlog}), so a camera's thread may ask.
     */
    public long outgoingPendingBytes() {
        return backlog.pending();
    }

    /** The largest message the NATS server takes ({@code max_payload}, 1 MiB by default). */
    public long maxPayload() {
        return connection.getMaxPayload();
    }

    /** Whether NATS is reachable now. */
    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** {@code connected}, {@code reconnecting} (jnats dials again, for ever) or {@code closed}. */
    public String state() {
        return switch (connection.getStatus()) {
            case CONNECTED -> "connected";
            case CLOSED -> "closed";
            default -> "reconnecting";
        };
    }

    /** The last sampled round trip to the NATS server, or empty while it is away. */
    public Optional<Duration> roundTrip() {
        return roundTrip.last();
    }

    /** How often the link to NATS was lost and made again. */
    public long reconnects() {
        return connection.getStatistics().getReconnects();
    }

    /** Messages and bytes in and out, by subject class. */
    public BusTraffic traffic() {
        return traffic;
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
        roundTrip.close();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
