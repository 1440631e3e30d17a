package dev.teledrive.server.hubs;

import dev.teledrive.server.control.Outbox;
import dev.teledrive.server.control.TextSender;
import dev.teledrive.server.security.AddressCaps;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The clients of a hub: each admitted by the connection caps, as at a plain server, given an id and
 * an outbox, and started at the site of the default vehicle; forgotten once, when it goes.
 */
final class HubClients {

    /** Replies a client may leave unread before it counts as too slow and is dropped, as on a plain server. */
    private static final int MAX_QUEUED_REPLIES = 1024;
    /**
     * How long a new client waits for its site's hello before the hub greets it itself: its site may
     * have died within the 3 s before the hub calls it silent.
     */
    static final Duration GREETING_WAIT = Duration.ofSeconds(1);
    /** The WebSocket close code for a connection refused by the caps: come back later. */
    private static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final HubParts parts;
    private final AddressCaps caps;
    private final String defaultVehicle;
    private final ScheduledExecutorService timers;
    private final Map<String, HubConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ClientTokens tokens = new ClientTokens();

    /**
     * @param defaultVehicle the {@code vehicle} setting: where a new client starts if it is listed
     * @param timers         where a new client's greeting waits, and its resume for the sites' answers
     */
    HubClients(HubParts parts, AddressCaps caps, String defaultVehicle, ScheduledExecutorService timers) {
        this.parts = parts;
        this.caps = caps;
        this.defaultVehicle = defaultVehicle;
        this.timers = timers;
    }

    /**
     * A new client, started at the site of the default vehicle; {@code null} when the caps refused it
     * (then it was closed with 1013).
     */
    HubConnection open(String remote, TextSender sender, BiConsumer<Integer, String> closer) {
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
        var connection = new HubConnection(id, remote, tokens.next(), parts, outbox, closer, timers);
        connections.put(id, connection);
        connection.start(defaultVehicle());
        timers.schedule(connection::greetIfUnanswered, GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return connection;
    }

    /** A client is gone, or about to be: the site lets go of it. Only the first call counts. */
    void forget(String id) {
        HubConnection connection = connections.remove(id);
        if (connection == null) {
            return;
        }
        caps.release(connection.remote());
        connection.closed();
    }

    /** The client of that id, or {@code null} if it is gone (or never was). */
    HubConnection get(String id) {
        return connections.get(id);
    }

    void forEach(Consumer<HubConnection> action) {
        connections.values().forEach(action);
    }

    /** Clients connected to this hub now. */
    int count() {
        return caps.count();
    }

    /** Clients connected from one address. */
    int countFrom(String address) {
        return caps.countFrom(address);
    }

    /**
     * Where a new client starts: the {@code vehicle} setting if listed and reachable, else the first
     * listed by id. The setting names a vehicle as {@code VEHICLE@SITE}, or by its plain id at
     * whichever site has it (the first site by name): the default {@code simulator} is then the
     * simulator of a site, as on a plain server, not the first vehicle of the alphabet.
     */
    RemoteId defaultVehicle() {
        List<RemoteId> listed = parts.directory().vehicles().stream()
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
}
