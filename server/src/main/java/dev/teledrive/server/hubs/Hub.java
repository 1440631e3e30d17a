package dev.teledrive.server.hubs;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.BusSettings;
import dev.teledrive.server.bus.BusStatus;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.config.ConfigKeys;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.QuietLog;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.vehicles.Monotonic;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hub ({@code bin/teledrive hub --nats URL}): a front end with nothing of its own to lose. It
 * hears every site's heartbeat ({@link SiteDirectory}), beats itself so sites keep its clients'
 * connections, and carries each client's frames to the site of its vehicle ({@link HubConnection}).
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** The largest relay message taken from a site: a state listing a few hundred vehicles. */
    static final int MAX_RELAY_BYTES = 1 << 20;
    /** The WebSocket close code for a connection refused by the caps: come back later. */
    private static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final String name;
    private final String defaultVehicle;
    private final Bus bus;
    private final SiteDirectory directory;
    private final HubMessages messages = new HubMessages();
    private final Map<String, HubConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<Integer, String>> closers = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final QuietLog quiet;
    private final ScheduledExecutorService beat =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hub-heartbeat"));
    private final Dispatcher heartbeats;
    private final Dispatcher relays;
    private final AddressCaps caps;

    private Hub(String name, String defaultVehicle, Bus bus, Clock clock, Duration forget, AddressCaps caps) {
        this.name = name;
        this.defaultVehicle = defaultVehicle;
        this.bus = bus;
        this.caps = caps;
        this.directory = new SiteDirectory(Monotonic.nanoTime(clock), forget);
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.heartbeats = bus.subscribe(Subjects.anySiteAlive(), this::heartbeat);
        this.relays = bus.subscribe(Subjects.anySiteToHub(name), this::fromSite);
    }

    /**
     * Dials NATS and starts beating.
     *
     * @param defaultVehicle the {@code vehicle} setting: where a new client starts if it is listed
     * @param limits         the connection caps its clients count against, as at a plain server
     */
    public static Hub start(Configuration configuration, String defaultVehicle, HostSettings.Limits limits, Clock clock)
            throws IOException, InterruptedException {
        BusSettings nats = BusSettings.from(configuration)
                .orElseThrow(() -> new ConfigurationException(
                        "a hub serves the sites of one NATS: give its address with --nats nats://HOST:4222"));
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "hub-" + HexFormat.of().formatHex(random);
        LOG.info("hub '{}' dials NATS at {}", name, nats.servers());
        int forget = configuration.getInt(
                ConfigKeys.HUB_FORGET_SECONDS.name(), Integer.parseInt(ConfigKeys.HUB_FORGET_SECONDS.defaultValue()));
        if (forget < 3 || forget > 86_400) {
            throw new ConfigurationException("hub.forgetSeconds must be from 3 to 86400, but is " + forget);
        }
        var hub = new Hub(
                name,
                defaultVehicle,
                Bus.connect(nats, name, clock),
                clock,
                Duration.ofSeconds(forget),
                new AddressCaps(limits.connections(), limits.connectionsPerAddress()));
        hub.beat.scheduleAtFixedRate(
                () -> hub.bus.publish(Subjects.hubAlive(name), "{}".getBytes(StandardCharsets.UTF_8)),
                0,
                1,
                TimeUnit.SECONDS);
        return hub;
    }

    /**
     * A new client: it joins the site of the default vehicle, whose hello it gets.
     *
     * @param remote the client's address (behind a proxy, the one the nearest proxy saw), which the
     *               caps count and the site's per-address rules use
     * @param client where its frames go
     * @param closer closes its WebSocket with a code and a reason
     * @return its side, or {@code null} when the caps refused it (then it was closed with 1013)
     */
    public Client open(String remote, Consumer<String> client, BiConsumer<Integer, String> closer) {
        AddressCaps.Refusal refusal = caps.tryAcquire(remote);
        if (refusal != null) {
            // The upgrade gate answers 503 or 429 first; only a burst that slipped past it together gets here.
            closer.accept(
                    CLOSE_TRY_AGAIN_LATER,
                    refusal == AddressCaps.Refusal.FULL
                            ? "too many connections"
                            : "too many connections from your address");
            return null;
        }
        var connection = new HubConnection(Long.toString(ids.incrementAndGet()), remote, this, client, messages);
        connections.put(connection.id(), connection);
        closers.put(connection.id(), closer);
        connection.start();
        return new Client(connection);
    }

    /** A client's side, for its WebSocket endpoint. */
    public final class Client {
        private final HubConnection connection;

        private Client(HubConnection connection) {
            this.connection = connection;
        }

        public void text(String json) {
            connection.fromClient(json);
        }

        /** The client is gone, or about to be: the site lets go of it. Only the first call counts. */
        public void closed() {
            if (connections.remove(connection.id()) == null) {
                return;
            }
            caps.release(connection.remote());
            closers.remove(connection.id());
            connection.closed();
        }

        /** The client sent a frame over the size limit: it is closed with 1009 once its replies are out. */
        public void oversized() {
            connection.oversized();
        }
    }

    SiteDirectory directory() {
        return directory;
    }

    /** Where a new client starts: the {@code vehicle} setting if listed and reachable, else the first listed. */
    RemoteId defaultVehicle() {
        List<SiteDirectory.Listed> listed = directory.vehicles().stream()
                .filter(SiteDirectory.Listed::reachable)
                .toList();
        for (SiteDirectory.Listed l : listed) {
            if (l.id().toString().equals(defaultVehicle)) {
                return l.id();
            }
        }
        return listed.stream()
                .map(SiteDirectory.Listed::id)
                .sorted(java.util.Comparator.comparing(RemoteId::toString))
                .findFirst()
                .orElse(null);
    }

    void send(String site, Relay relay) {
        bus.publish(Subjects.hubToSite(name, site), relay.encode());
    }

    void endClient(HubConnection connection, int code) {
        BiConsumer<Integer, String> closer = closers.get(connection.id());
        if (closer != null) {
            closer.accept(code, code == Relay.CLOSE_TOO_BIG ? "message too big" : "closed by the site");
        }
    }

    private void heartbeat(Message m) {
        String site = Subjects.sender(m.getSubject());
        if (site == null) {
            return;
        }
        try {
            directory.heard(site, m.getData());
        } catch (SiteDirectory.BadHeartbeat e) {
            dropped.incrementAndGet();
            quiet.warn("dropped {} ({} dropped so far)", e.getMessage(), dropped.get());
        }
    }

    private void fromSite(Message m) {
        String site = Subjects.sender(m.getSubject());
        if (site == null) {
            return;
        }
        Relay relay;
        try {
            relay = Relay.decode(m.getData(), MAX_RELAY_BYTES);
        } catch (BusMessageException e) {
            dropped.incrementAndGet();
            quiet.warn("dropped from site '{}': {} ({} dropped so far)", site, e.getMessage(), dropped.get());
            return;
        }
        HubConnection c = connections.get(relay.c());
        if (c != null) {
            c.fromSite(site, relay);
        }
    }

    /** Bus messages dropped as oversized or malformed. */
    public long dropped() {
        return dropped.get();
    }

    /** Clients connected to this hub now. */
    public int connectionCount() {
        return caps.count();
    }

    /** Clients connected from one address. */
    public int connectionsFrom(String address) {
        return caps.countFrom(address);
    }

    /** Every vehicle of every site this hub lists, for {@code /api/vehicles}. */
    public List<SiteDirectory.Listed> vehicles() {
        return directory.vehicles();
    }

    /** The hub's link to NATS, for {@code /metrics}. */
    public Bus bus() {
        return bus;
    }

    /** The sites heard within 3 s. */
    public List<String> sitesHeard() {
        return directory.reachableSites();
    }

    /** The link to NATS as {@code /api/status} shows it. */
    public BusStatus status() {
        return new BusStatus(
                "hub",
                name,
                bus.state(),
                bus.server(),
                bus.roundTrip().map(d -> d.toNanos() / 1e6).orElse(null),
                bus.reconnects(),
                dropped.get(),
                sitesHeard(),
                null);
    }

    @Override
    public void close() {
        beat.shutdownNow();
        heartbeats.unsubscribe(Subjects.anySiteAlive());
        relays.unsubscribe(Subjects.anySiteToHub(name));
        connections.values().forEach(HubConnection::closed);
        bus.close();
    }
}
