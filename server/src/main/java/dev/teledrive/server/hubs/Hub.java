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
import dev.teledrive.server.control.ErrorCode;
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
import java.util.HexFormat;
import java.util.List;
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
 * connections, and routes each site's relay messages to the client they name. Its clients
 * ({@link HubClients}, each a {@link HubConnection}) are carried to the site of their vehicle; each
 * site's telemetry is fanned out to the clients watching ({@link HubTelemetry}); every client is told
 * at once when a site comes, falls silent, comes back or is forgotten ({@link SiteSweep}). The sites'
 * cameras are its own cameras, {@code CAMERA@SITE}, fed over NATS while watched
 * ({@link RemoteCameras}).
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** The largest relay message taken from a site: a state listing a few hundred vehicles. */
    static final int MAX_RELAY_BYTES = 1 << 20;
    /**
     * The largest {@code limits.frameBytes} a hub takes: a frame that size, relayed to a site, still
     * fits what a site takes ({@link Relay#MAX_TO_SITE_BYTES}) unless it is full of characters JSON
     * escapes (such a frame is answered {@code bad_message} at the hub).
     */
    static final int MAX_FRAME_BYTES = Relay.MAX_TO_SITE_BYTES - 1024;

    private final String name;
    private final Bus bus;
    private final SiteDirectory directory;
    private final AtomicLong dropped = new AtomicLong();
    private final QuietLog quiet;
    private final ScheduledExecutorService beat =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hub-heartbeat"));
    private final HubMessages messages;
    private final HubTelemetry telemetry;
    private final HubClients clients;
    private final Dispatcher heartbeats;
    private final Dispatcher relays;
    private final HubWatches watches;
    private final RemoteCameras cameras;

    private Hub(
            String name,
            String defaultVehicle,
            Bus bus,
            Clock clock,
            Duration forget,
            AddressCaps caps,
            Cameras cameras,
            VideoTickets tickets,
            Consumer<ErrorCode> errorsSent) {
        this.name = name;
        this.bus = bus;
        this.directory = new SiteDirectory(Monotonic.nanoTime(clock), forget);
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.messages = new HubMessages(errorsSent);
        this.telemetry = new HubTelemetry(bus, clock, messages, this::drop);
        this.watches = new HubWatches(name, bus);
        this.cameras = new RemoteCameras(bus, watches, directory, cameras, clock);
        var parts = new HubParts(directory, telemetry, new SiteTickets(tickets, messages), messages, this::send, clock);
        this.clients = new HubClients(parts, caps, defaultVehicle, beat);
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
     * @param errorsSent     told each error the hub answers a client itself, for {@code /metrics}
     */
    public static Hub start(
            Configuration configuration,
            String defaultVehicle,
            HostSettings.Limits limits,
            Clock clock,
            Cameras cameras,
            VideoTickets tickets,
            Consumer<ErrorCode> errorsSent)
            throws IOException, InterruptedException {
        BusSettings nats = BusSettings.from(configuration)
                .orElseThrow(() -> new ConfigurationException(
                        "a hub serves the sites of one NATS: give its address with --nats nats://HOST:4222"));
        if (limits.frameBytes() > MAX_FRAME_BYTES) {
            throw new ConfigurationException(ConfigKeys.FRAME_BYTES.name() + " is " + limits.frameBytes()
                    + ", but a hub passes each message on to a site, which takes at most "
                    + Relay.MAX_TO_SITE_BYTES + " bytes: set " + ConfigKeys.FRAME_BYTES.name()
                    + " to at most " + MAX_FRAME_BYTES + " at a hub");
        }
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
                tickets,
                errorsSent);
        hub.beat.scheduleAtFixedRate(
                () -> hub.bus.publish(Subjects.hubAlive(name), "{}".getBytes(StandardCharsets.UTF_8)),
                0,
                1,
                TimeUnit.SECONDS);
        hub.beat.scheduleWithFixedDelay(
                new SiteSweep(hub.directory, hub.clients), 0, SiteSweep.PERIOD.toMillis(), TimeUnit.MILLISECONDS);
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
    public HubClient open(String remote, TextSender sender, BiConsumer<Integer, String> closer) {
        HubConnection connection = clients.open(remote, sender, closer);
        return connection == null ? null : new HubClient(connection, clients);
    }

    /** How the hub writes its messages (its errors counted), for its clients' gates. */
    HubMessages messages() {
        return messages;
    }

    /** Where a new client starts now (see {@link HubClients#defaultVehicle}), or {@code null} with no site reachable. */
    RemoteId defaultVehicle() {
        return clients.defaultVehicle();
    }

    private void send(String site, byte[] relay) {
        bus.publish(Subjects.hubToSite(name, site), relay);
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
        HubConnection c = clients.get(SiteLeg.client(relay.c()));
        if (c != null) {
            c.fromSite(site, relay);
        }
    }

    /** Bus messages dropped as oversized or malformed. */
    public long dropped() {
        return dropped.get() + cameras.dropped();
    }

    /** Clients connected to this hub now. */
    public int connectionCount() {
        return clients.count();
    }

    /** Clients connected from one address. */
    public int connectionsFrom(String address) {
        return clients.countFrom(address);
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
        clients.forEach(HubConnection::closed);
        telemetry.close();
        bus.close();
    }
}
