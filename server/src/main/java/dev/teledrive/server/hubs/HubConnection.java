package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.control.ErrorCode;
import dev.teledrive.server.control.Outbox;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of a hub: its frames go to the site of the vehicle it selected, where it is a
 * connection of the site's own protocol core ({@link SiteMoves}, {@link SiteLeg}), and the site's
 * frames come back with hub ids ({@link ClientGreeting} decides what of them the client sees).
 *
 * <p>The hub follows the client's selection and role from the {@code hello} and {@code state} frames
 * that pass, so it can fan the site's telemetry out ({@link HubTelemetry}) and tell the client
 * itself what no site can: a site that fell silent (its vehicles {@code unreachable}, the client's
 * seat or queue place gone, its commands answered {@code vehicle_unavailable}), a site that came
 * back (the client, still selected there, is at that site again), a site that appeared or was
 * forgotten. Its three callers (the client's WebSocket, the site's relay, the hub's sweep) take
 * turns on this object's lock.
 */
final class HubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);

    private final String id;
    private final String remote;
    private final HubParts parts;
    private final HubMessages messages;
    private final Outbox client;
    private final BiConsumer<Integer, String> closer;
    private final ClientGreeting greeting = new ClientGreeting();
    private final SiteMoves moves;
    private final ClientPlace place = new ClientPlace();

    private boolean closed;

    /**
     * @param token  its resume token, which its hello gives and every site holds its place under
     * @param client its WebSocket, through an outbox of its own
     * @param closer closes its WebSocket with a code and a reason
     * @param timers where a {@code resume} waits for the sites' answers ({@link SiteMoves#SEARCH_WAIT})
     */
    HubConnection(
            String id,
            String remote,
            String token,
            HubParts parts,
            Outbox client,
            BiConsumer<Integer, String> closer,
            ScheduledExecutorService timers) {
        this.id = id;
        this.remote = remote;
        this.parts = parts;
        this.messages = parts.messages();
        this.client = client;
        this.closer = closer;
        Consumer<Runnable> later = task -> {
            try {
                timers.schedule(
                        () -> {
                            synchronized (this) {
                                task.run();
                            }
                        },
                        SiteMoves.SEARCH_WAIT.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("the hub is stopping: a resume's wait for its sites is not timed", e);
            }
        };
        this.moves = new SiteMoves(id, remote, token, parts, greeting, later, client::send);
    }

    String id() {
        return id;
    }

    String remote() {
        return remote;
    }

    /**
     * Joins the site of the first vehicle, on that vehicle, whose hello is the client's; with no site
     * reachable ({@code first} is {@code null}) the hub says hello itself, and the client is seated
     * nowhere until it selects.
     */
    synchronized void start(RemoteId first) {
        if (first == null) {
            greeting.byHub();
            client.send(messages.emptyHello(parts.directory().vehicles(), moves.token()));
            return;
        }
        moves.start(first);
    }

    /**
     * Greets the client itself if its site has not yet: a site that died just now is still listed
     * reachable for up to 3 s, and the client would hear nothing till then. Its site's hello, if it
     * was only slow, comes later as a {@code state}.
     */
    synchronized void greetIfUnanswered() {
        SiteLeg leg = moves.leg();
        if (closed || greeting.greeted() || leg == null) {
            return;
        }
        LOG.debug("site '{}' has not greeted {}: the hub greets it itself", leg.site(), this);
        greeting.byHub();
        leg.helloIsState(true);
        leg.silent(true); // until it says something, the hub answers the client's commands itself
        client.send(messages.emptyHello(parts.directory().vehicles(), moves.token()));
    }

    synchronized void fromClient(String text) {
        ObjectNode m = messages.parse(text);
        if (m == null) {
            if (answering() != null) {
                moves.send(text, null); // the site's own protocol core says what is wrong with it
            } else {
                client.send(messages.error(
                        null, ErrorCode.BAD_JSON, "a message is one JSON object, such as {\"command\":\"ping\"}"));
            }
            return;
        }
        String command = m.path("command").asText(null);
        JsonNode messageId = m.get("id");
        if ("select".equals(command) && m.path("vehicle").isTextual()) {
            moves.select(m, messageId, place.drives());
            return;
        }
        if ("resume".equals(command) && m.path("token").isTextual()) {
            moves.resume(m, messageId);
            return;
        }
        RemoteId selected = place.selected();
        if (moves.site() == null && selected != null && parts.directory().reachable(selected.site())) {
            moves.rejoin(selected); // its site came back before the hub's sweep noticed: the command goes there
        }
        String site = answering();
        if (site != null && "auth".equals(command) && m.path("token").isTextual()) {
            // its site answers; a token it takes goes with the client to other sites
            moves.send(greeting.auth(site, m), messageId);
        } else if (site != null && "stop".equals(command)) {
            moves.stop(text, messageId);
        } else if (site != null) {
            moves.send(text, messageId); // everything else is the site's business, answered by its own protocol core
        } else if ("ping".equals(command)) {
            client.send(messages.pong(messageId, m.get("t"), parts.clock().millis()));
        } else {
            client.send(messages.error(messageId, ErrorCode.VEHICLE_UNAVAILABLE, unavailable()));
        }
    }

    /**
     * A {@code stop} beyond the gate's bucket for stops (a flood of them). It is answered here,
     * without crossing the bus, only when it can change nothing: the client drives, and the last
     * thing its site connection got was its previous stop, which stops the car in order with
     * everything before it, and nothing sent since can have moved it. Anything else goes as any stop
     * does: a stop always stops.
     */
    synchronized void repeatedStop(String text) {
        SiteLeg leg = moves.leg();
        ObjectNode m = messages.parse(text);
        if (m != null
                && leg != null
                && answering() != null
                && leg.stopLast()
                && place.drives()
                && HubMessages.takenId(m.get("id"))) {
            if (m.has("id")) {
                client.send(messages.ack(m.get("id"))); // as the site answers a driver's stop
            }
            return;
        }
        fromClient(text);
    }

    /** A reply the hub wrote itself, such as its gate's {@code rate_limited}. */
    void reply(String json) {
        client.send(json);
    }

    void binary() {
        client.send(messages.error(null, ErrorCode.BAD_MESSAGE, "binary frames are not accepted: send JSON text"));
    }

    /** A frame or an ending from a site this connection is, or was, at. */
    synchronized void fromSite(String from, Relay relay) {
        if (moves.searching(relay.c())) {
            if (!closed) {
                // which site holds the token of its resume, and how recent the place there is
                moves.found(from, Relay.FOUND.equals(relay.op()), relay.age());
            }
            return;
        }
        SiteLeg leg = moves.leg();
        if (closed || leg == null || !from.equals(leg.site()) || !leg.is(relay.c())) {
            return; // a late frame from a site connection it left
        }
        if (Relay.CLOSE.equals(relay.op())) {
            end(relay.code() == null ? 1001 : relay.code());
            return;
        }
        leg.silent(false); // only slow: the client's commands go there again
        ObjectNode m = messages.parse(relay.text());
        if (m == null) {
            LOG.debug("an unreadable frame from site '{}' for {} was dropped", from, this);
            return;
        }
        m = greeting.fromSite(leg, m);
        if (m == null || SiteMoves.HUB_RESUME.equals(m.path("id").asText())) {
            return; // kept from the client; the reply to the hub's own resume: the state after it tells the client
        }
        String type = HubMessages.type(m);
        boolean where = "hello".equals(type) || "state".equals(type);
        RemoteId before = where ? place.heard(from, m) : null;
        messages.forClient(from, m, parts.directory().vehicles(), moves.token());
        if (where && !m.has("vehicles")) { // a hello before auth, as a state: a stranger still learns nothing
            if (greeting.listed()) {
                m.set(
                        "vehicles",
                        messages.vehicles(from, null, parts.directory().vehicles()));
            } else {
                m.putArray("vehicles");
            }
        }
        if (where) {
            place.sent(m);
        }
        // A ticket the site gave is noted so that this hub's /video admits it.
        client.send(parts.tickets().relay(m, id, remote));
        if (where) {
            // after the frame: no sample overtakes its hello
            parts.telemetry().watch(client, before, place.selected());
        }
    }

    /**
     * The hub's list of sites changed (one came, fell silent, came back, or was forgotten): the client
     * hears it by a {@code state}, and a client at a silent site loses its place there.
     */
    synchronized void listingChanged(List<SiteDirectory.Listed> fleet) {
        if (closed) {
            return;
        }
        boolean lostPlace = false;
        if (moves.site() != null && !parts.directory().reachable(moves.site())) {
            // Its seat or queue place is gone for now: the site stops its cars when no hub is heard,
            // and holds the place for the resume on its return, as for a dropped connection.
            moves.dropped();
            lostPlace = true;
        }
        RemoteId selected = place.selected();
        if (moves.site() == null && selected != null) {
            if (!parts.directory().listed(selected.site())) {
                parts.telemetry().watch(client, selected, null); // forgotten: nothing selected any more
                place.forget();
            } else if (!lostPlace && parts.directory().reachable(selected.site())) {
                moves.rejoin(selected); // back: the site's greeting tells the client where it stands
                return;
            }
        }
        if (!place.told()) {
            if (moves.site() == null) { // its site fell silent before it said hello, or it never had one
                boolean before = greeting.byHub();
                client.send(before ? messages.emptyState(fleet) : messages.emptyHello(fleet, moves.token()));
            }
            return; // its site's hello is on its way, and will list the sites as they are then
        }
        if (greeting.listed()) {
            String at = moves.site() != null
                    ? moves.site()
                    : place.selected() != null ? place.selected().site() : null;
            client.send(place.pushed(messages, at, lostPlace, fleet));
        }
    }

    /**
     * The client sent a frame over the size limit. The site closes its connection with 1009 once the
     * replies owed for the frames before it are out, and the hub passes that close on; with no site
     * there is nothing owed, and it closes at once.
     */
    synchronized void oversized() {
        SiteLeg leg = moves.leg();
        if (leg == null) {
            end(Relay.CLOSE_TOO_BIG);
        } else {
            leg.oversized();
        }
    }

    /** The client went: the site lets go of its connection (the car stops, the place is held). */
    synchronized void closed() {
        closed = true;
        parts.telemetry().watch(client, place.selected(), null);
        moves.closed();
        client.close();
    }

    /** Closes the client's WebSocket, as its site closed its connection there, or for a frame too big. */
    private void end(int code) {
        if (!closed) {
            closer.accept(code, code == Relay.CLOSE_TOO_BIG ? "message too big" : "closed by the site");
        }
    }

    /** The site that answers the client's commands now, or {@code null} when the hub must (none, or a silent one). */
    private String answering() {
        SiteLeg leg = moves.leg();
        return leg == null || leg.silent() ? null : leg.site();
    }

    private String unavailable() {
        SiteLeg leg = moves.leg();
        if (leg != null && leg.silent()) {
            return HubMessages.mute(leg.site());
        }
        if (place.selected() != null) {
            return HubMessages.unreachable(place.selected());
        }
        return parts.directory().vehicles().isEmpty()
                ? "no site is connected to this hub yet: wait for a vehicle to be listed, then select it"
                : "no vehicle is selected: select one of the vehicles listed (ids here are VEHICLE@SITE)";
    }

    @Override
    public String toString() {
        return "hub connection " + id + " from " + remote;
    }
}
