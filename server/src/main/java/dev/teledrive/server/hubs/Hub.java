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
import dev.teledrive.server.control.Outbox;
import dev.teledrive.server.control.TextSender;
import dev.teledrive.server.security.AddressCaps;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hub ({@code bin/teledrive hub --nats URL}): a front end with nothing of its own to lose. It
 * hears every site's heartbeat ({@link SiteDirectory}), beats itself so sites keep its clients'
 * connections, carries each client's frames to the site of its vehicle ({@link HubConnection}),
 * fans each site's telemetry out to the clients watching ({@link HubTelemetry}), and tells every
 * client at once when a site comes, falls silent, comes back or is forgotten (its sweep). The
 * sites' cameras are its own cameras, {@code CAMERA@SITE}, fed over NATS while watched
 * ({@link RemoteCameras}).
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** The largest relay message taken from a site: a state listing a few hundred vehicles. */
    static final int MAX_RELAY_BYTES = 1 << 20;
    /** Replies a client may leave unread before it counts as too slow and is dropped, as on a plain server. */
    private static final int MAX_QUEUED_REPLIES = 1024;
    /** How often the hub looks for a site that came, fell silent or was forgotten. */
    private static final Duration SWEEP = Duration.ofMillis(250);
    /**
     * How long a new client waits for its site's hello before the hub greets it itself: its site may
     * have died within the 3 s before the hub calls it silent.
     */
    private static final Duration GREETING_WAIT = Duration.ofSeconds(1);
    /** The WebSocket close code for a connection refused by the caps: come back later. */
    private static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final String name;
    private final String defaultVehicle;
    private final Clock clock;
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
    private final HubTelemetry telemetry;
    private final Dispatcher heartbeats;
    private final Dispatcher relays;
    private final HubWatches watches;
    private final RemoteCameras cameras;
    private final SiteTickets tickets;
    /** What the clients were last told of the sites; read and written by the sweep only. */
    private List<SiteDirectory.Shown> shown = List.of();

    private final AddressCaps caps;

    private Hub(
            String name,
            String defaultVehicle,
            Bus bus,
            Clock clock,
            Duration forget,
            AddressCaps caps,
            Cameras cameras,
            VideoTickets tickets) {
        this.name = name;
        this.defaultVehicle = defaultVehicle;
        this.clock = clock;
        this.bus = bus;
        this.caps = caps;
        this.directory = new SiteDirectory(Monotonic.nanoTime(clock), forget);
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.telemetry = new HubTelemetry(bus, clock, messages, this::drop);
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
     * @param limits         the connection caps its clients count against, as at a plain server
     * @param cameras        the hub's cameras, where the sites' cameras appear as {@code CAMERA@SITE}
     * @param tickets        the hub's video tickets, where those its clients get from sites are noted
     */
    public static Hub start(
            Configuration configuration,
            String defaultVehicle,
            HostSettings.Limits limits,
            Clock clock,
            Cameras cameras,
            VideoTickets tickets)
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
                new AddressCaps(limits.connections(), limits.connectionsPerAddress()),
                cameras,
                tickets);
        hub.beat.scheduleAtFixedRate(
                () -> hub.bus.publish(Subjects.hubAlive(name), "{}".getBytes(StandardCharsets.UTF_8)),
                0,
                1,
                TimeUnit.SECONDS);
        hub.beat.scheduleWithFixedDelay(hub::sweep, 0, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return hub;
    }

    /**
     * A new client: it joins the site of the default vehicle, whose hello it gets.
     *
     * @param remote the client's address (behind a proxy, the one the nearest proxy saw), which the
     *               caps count and the site's per-address rules use
     * @param sender its WebSocket, written through an outbox of its own (replies in order, telemetry latest-wins)
     * @param closer closes its WebSocket with a code and a reason
     * @return its side, or {@code null} when the caps refused it (then it was closed with 1013)
     */
    public Client open(String remote, TextSender sender, BiConsumer<Integer, String> closer) {
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
        String id = Long.toString(ids.incrementAndGet());
        // A client that reads nothing: the site lets go of it at once, so nothing more crosses the
        // bus for it; its close frame waits behind what it has not read (the idle timeout ends it).
        var outbox = new Outbox(sender, MAX_QUEUED_REPLIES, () -> {
            forget(id);
            closer.accept(1008, "too slow: " + MAX_QUEUED_REPLIES + " replies left unread");
        });
        var connection = new HubConnection(id, remote, this, outbox, messages);
        connections.put(id, connection);
        closers.put(id, closer);
        connection.start();
        beat.schedule(connection::greetIfUnanswered, GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new Client(connection);
    }

    /** A client is gone, or about to be: the site lets go of it. Only the first call counts. */
    private void forget(String id) {
        HubConnection connection = connections.remove(id);
        if (connection == null) {
            return;
        }
        caps.release(connection.remote());
        closers.remove(id);
        connection.closed();
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

        /** Binary frames are not part of the protocol: answered as on a plain server. */
        public void binary() {
            connection.binary();
        }

        /** A reply the hub writes itself (a refusal at its gate), in order with the site's frames. */
        public void reply(String json) {
            connection.reply(json);
        }

        /** The client is gone, or about to be: the site lets go of it. Only the first call counts. */
        public void closed() {
            forget(connection.id());
        }

        /** The client sent a frame over the size limit: it is closed with 1009 once its replies are out. */
        public void oversized() {
            connection.oversized();
        }
    }

    SiteDirectory directory() {
        return directory;
    }

    HubTelemetry telemetry() {
        return telemetry;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Where a new client starts: the {@code vehicle} setting if listed and reachable, else the first
     * listed by id. The setting names a vehicle as {@code VEHICLE@SITE}, or by its plain id at
     * whichever site has it (the first site by name): the default {@code simulator} is then the
     * simulator of a site, as on a plain server, not the first vehicle of the alphabet.
     */
    RemoteId defaultVehicle() {
        List<RemoteId> listed = directory.vehicles().stream()
                .filter(SiteDirectory.Listed::reachable)
                .map(SiteDirectory.Listed::id)
                .sorted(Comparator.comparing(RemoteId::toString))
                .toList();
        return listed.stream()
                .filter(id -> id.toString().equals(defaultVehicle))
                .findFirst()
                .or(() -> listed.stream()
                        .filter(id -> id.local().equals(defaultVehicle))
                        .min(Comparator.comparing(RemoteId::site)))
                .or(() -> listed.stream().findFirst())
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
            if (directory.heard(site, m.getData())) {
                cameras.sitesChanged();
            }
        } catch (SiteDirectory.BadHeartbeat e) {
            drop(e.getMessage());
        }
    }

    private void drop(String what) {
        dropped.incrementAndGet();
        quiet.warn("dropped {} ({} dropped so far)", what, dropped.get());
    }

    /**
     * Tells every client when a site came, fell silent, came back or was forgotten, or its vehicles'
     * names, links or cameras changed; a change of seat or queue is the site's to tell.
     */
    private void sweep() {
        try {
            List<SiteDirectory.Listed> fleet = directory.vehicles();
            List<SiteDirectory.Shown> now =
                    fleet.stream().map(SiteDirectory.Listed::shown).toList();
            if (now.equals(shown)) {
                return;
            }
            shown = now;
            connections.values().forEach(c -> c.listingChanged(fleet));
        } catch (RuntimeException e) {
            LOG.error("the hub's sweep of its sites failed; it tries again", e); // a scheduled task that throws stops
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
            drop("from site '" + site + "': " + e.getMessage());
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
        cameras.close();
        watches.close();
        heartbeats.unsubscribe(Subjects.anySiteAlive());
        relays.unsubscribe(Subjects.anySiteToHub(name));
        connections.values().forEach(HubConnection::closed);
        telemetry.close();
        bus.close();
    }
}
