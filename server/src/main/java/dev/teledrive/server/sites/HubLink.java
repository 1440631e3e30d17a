package dev.teledrive.server.sites;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.control.ControlPort;
import dev.teledrive.server.security.QuietLog;
import dev.teledrive.server.threads.DaemonThreads;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's end of its hubs' connections: every client that reaches one of this site's vehicles
 * through a hub is a connection of this site's protocol core ({@link ControlPort}), in the same
 * seats and queues as a local one, its frames relayed over NATS ({@link Relay}). The site is the
 * single authority for its vehicles; a hub only carries frames.
 *
 * <p>A hub that falls silent for {@link #HUB_SILENCE} loses its connections here: each is closed
 * as a dropped WebSocket would be, so its car stops at once and its place is held for resume. The
 * hub is told (and told again for any frame it sends for a connection that is gone), so a hub that
 * was only cut off ends its clients, whose pages reconnect and resume, instead of keeping them
 * talking to nobody.
 */
public final class HubLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);
    /** How long a hub may say nothing (it beats every second) before its connections count as gone. */
    public static final Duration HUB_SILENCE = Duration.ofSeconds(3);
    /** The close code for a hub connection this site ended: going away (the client reconnects and resumes). */
    private static final int GONE = 1001;

    private record Key(String hub, String connection) {}

    private final String site;
    private final Bus bus;
    private final ControlPort port;
    private final LongSupplier nanos;
    private final QuietLog quiet;
    private final Map<Key, ControlPort.Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Dispatcher relays;
    private final Dispatcher beats;
    private final ScheduledExecutorService silence =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-hub-silence"));

    private HubLink(String site, Bus bus, ControlPort port, Clock clock, LongSupplier nanos) {
        this.site = site;
        this.bus = bus;
        this.port = port;
        this.nanos = nanos;
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.relays = bus.subscribe(Subjects.anyHubToSite(site), this::fromHub);
        this.beats = bus.subscribe(Subjects.anyHubAlive(), m -> heard(Subjects.sender(m.getSubject())));
    }

    /** Starts serving this site's vehicles to hubs. */
    public static HubLink start(String site, Bus bus, ControlPort port, Clock clock, LongSupplier nanos) {
        var link = new HubLink(site, bus, port, clock, nanos);
        link.silence.scheduleAtFixedRate(link::dropSilentHubs, 1, 1, TimeUnit.SECONDS);
        return link;
    }

    /** Relay messages dropped as too large or malformed. */
    public long dropped() {
        return dropped.get();
    }

    /** The hubs heard within {@link #HUB_SILENCE}, by name. */
    public List<String> hubsHeard() {
        long now = nanos.getAsLong();
        return lastHeard.entrySet().stream()
                .filter(e -> now - e.getValue() < HUB_SILENCE.toNanos())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Connections through hubs now. */
    public int connections() {
        return connections.size();
    }

    private void fromHub(Message message) {
        String hub = Subjects.sender(message.getSubject());
        if (hub == null) {
            return; // not of our scheme: NATS permissions let only hubs publish here
        }
        heard(hub);
        Relay relay;
        try {
            relay = Relay.decode(message.getData(), Relay.MAX_TO_SITE_BYTES);
        } catch (BusMessageException e) {
            dropped.incrementAndGet();
            quiet.warn("dropped from hub '{}': {} ({} dropped so far)", hub, e.getMessage(), dropped.get());
            return;
        }
        var key = new Key(hub, relay.c());
        switch (relay.op()) {
            case Relay.OPEN -> open(key, relay);
            case Relay.FIND ->
                bus.publish(
                        Subjects.siteToHub(site, hub),
                        port.holding(relay.token())
                                .map(age -> Relay.found(relay.c(), age))
                                .orElseGet(() -> Relay.none(relay.c()))
                                .encode());
            case Relay.FOUND, Relay.NOT_FOUND -> {
                // a site's answer: no hub sends one
            }
            case Relay.TEXT -> {
                ControlPort.Connection c = connections.get(key);
                if (c != null) {
                    c.text(relay.text());
                } else {
                    // Ended here while its hub was silent: the hub must end its client too, who then
                    // reconnects and resumes, rather than talk on into the void.
                    bus.publish(
                            Subjects.siteToHub(site, hub),
                            Relay.close(relay.c(), GONE).encode());
                }
            }
            default -> {
                if (Integer.valueOf(Relay.CLOSE_TOO_BIG).equals(relay.code())) {
                    ControlPort.Connection c = connections.get(key);
                    if (c != null) {
                        c.oversized(); // closes with 1009 once its replies are out, then tells the hub
                    }
                    return;
                }
                ControlPort.Connection c = connections.remove(key);
                if (c == null) {
                    return;
                }
                if (Integer.valueOf(Relay.CLOSE_LEFT).equals(relay.code())) {
                    c.leave(); // its client moved to another site: nothing is held here
                } else {
                    c.close();
                }
            }
        }
    }

    private void open(Key key, Relay open) {
        if (connections.containsKey(key)) {
            return; // a repeated open changes nothing
        }
        String subject = Subjects.siteToHub(site, key.hub());
        String address = open.remote() == null ? "hub " + key.hub() : open.remote();
        ControlPort.Connection c = port.open(
                address,
                new ControlPort.Start(open.vehicle(), open.maySeat(), open.token()),
                utf8 -> bus.publish(
                        subject,
                        Relay.text(
                                        key.connection(),
                                        StandardCharsets.UTF_8.decode(utf8).toString())
                                .encode()),
                (code, reason) -> {
                    ControlPort.Connection gone = connections.remove(key);
                    bus.publish(subject, Relay.close(key.connection(), code).encode());
                    if (gone != null) {
                        gone.close();
                    }
                });
        if (c != null) {
            connections.put(key, c);
        }
    }

    private void heard(String hub) {
        if (hub != null) {
            lastHeard.put(hub, nanos.getAsLong());
        }
    }

    /** Closes the connections of every hub silent too long: their cars stop, their places are held. */
    private void dropSilentHubs() {
        long now = nanos.getAsLong();
        lastHeard.forEach((hub, at) -> {
            if (now - at >= HUB_SILENCE.toNanos() && lastHeard.remove(hub, at)) {
                int n = 0;
                for (Key key : connections.keySet()) {
                    if (key.hub().equals(hub)) {
                        ControlPort.Connection c = connections.remove(key);
                        if (c != null) {
                            c.close();
                            // if the hub is only cut off, it hears this when it is back and ends its client
                            bus.publish(
                                    Subjects.siteToHub(site, hub),
                                    Relay.close(key.connection(), GONE).encode());
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    LOG.warn(
                            "hub '{}' fell silent: its {} connection(s) here were closed and their vehicles stopped",
                            hub,
                            n);
                }
            }
        });
    }

    @Override
    public void close() {
        silence.shutdownNow();
        relays.unsubscribe(Subjects.anyHubToSite(site));
        beats.unsubscribe(Subjects.anyHubAlive());
        connections.values().forEach(ControlPort.Connection::close);
        connections.clear();
    }
}
