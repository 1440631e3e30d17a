package dev.teledrive.server.hubs;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.BusSettings;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.config.ConfigKeys;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.security.QuietLog;
import dev.teledrive.server.security.VideoTickets;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.video.Cameras;
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
 * The sites' cameras are its own cameras, {@code CAMERA@SITE}, fed over NATS while watched
 * ({@link RemoteCameras}).
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** The largest relay message taken from a site: a state listing a few hundred vehicles. */
    static final int MAX_RELAY_BYTES = 1 << 20;

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
    private final HubWatches watches;
    private final RemoteCameras cameras;
    private final SiteTickets tickets;

    private Hub(
            String name,
            String defaultVehicle,
            Bus bus,
            Clock clock,
            Duration forget,
            Cameras cameras,
            VideoTickets tickets) {
        this.name = name;
        this.defaultVehicle = defaultVehicle;
        this.bus = bus;
        this.directory = new SiteDirectory(Monotonic.nanoTime(clock), forget);
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.watches = new HubWatches(name, bus);
        this.cameras = new RemoteCameras(bus, watches, directory, cameras, clock);
        this.tickets = new SiteTickets(tickets, messages);
        this.heartbeats = bus.subscribe(Subjects.anySiteAlive(), this::heartbeat);
        this.relays = bus.subscribe(Subjects.anySiteToHub(name), this::fromSite);
    }

    /**
     * Dials NATS and starts beating.
     *
     * @param defaultVehicle the {@code vehicle} setting: where a new client starts if it is listed
     * @param cameras        the hub's cameras, where the sites' cameras appear as {@code CAMERA@SITE}
     * @param tickets        the hub's video tickets, where those its clients get from sites are noted
     */
    public static Hub start(
            Configuration configuration, String defaultVehicle, Clock clock, Cameras cameras, VideoTickets tickets)
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
                cameras,
                tickets);
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
     * @param client where its frames go
     * @param closer closes its WebSocket with a code and a reason
     */
    public Client open(String remote, Consumer<String> client, BiConsumer<Integer, String> closer) {
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

        public void closed() {
            connections.remove(connection.id());
            closers.remove(connection.id());
            connection.closed();
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
            closer.accept(code, "closed by the site");
        }
    }

    private void heartbeat(Message m) {
        String site = Subjects.sender(m.getSubject());
        if (site == null) {
            return;
        }
        try {
            if (directory.heard(site, m.getData())) {
                cameras.sitesChanged();
            }
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

    /** Where the video tickets a site issued to a client of this hub are noted. */
    SiteTickets tickets() {
        return tickets;
    }

    /** Bus messages dropped as oversized or malformed. */
    public long dropped() {
        return dropped.get() + cameras.dropped();
    }

    @Override
    public void close() {
        beat.shutdownNow();
        cameras.close();
        watches.close();
        heartbeats.unsubscribe(Subjects.anySiteAlive());
        relays.unsubscribe(Subjects.anySiteToHub(name));
        connections.values().forEach(HubConnection::closed);
        bus.close();
    }
}
