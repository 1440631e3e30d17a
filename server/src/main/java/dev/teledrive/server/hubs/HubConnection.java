package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.control.Outbox;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of a hub: its frames go to the site of the vehicle it selected, where it is a
 * connection of the site's own protocol core, and the site's frames come back with hub ids.
 * Selecting a vehicle of another site moves the connection there (the old site lets it go as a
 * closed connection: its car stops); {@code resume} with a token of another site does the same.
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
    private static final String RELEASE = "{\"command\":\"release\"}";
    /** The id of the {@code resume} the hub sends for its client when a silent site is back: its reply is the hub's. */
    private static final String HUB_RESUME = "__hub_resume";

    private final String id;
    private final String remote;
    private final Hub hub;
    private final Outbox client;
    private final HubMessages messages;
    private final ClientAuth auth = new ClientAuth();

    /** The site this connection is at now, or {@code null}. */
    private String site;
    /** The site's next {@code hello} comes after the client's own: it becomes a {@code state}. */
    private boolean helloIsState;
    /** The selected vehicle as the last hello or state said; stays while its site is unreachable. */
    private RemoteId selected;
    /** The client's last {@code hello} or {@code state} from a site, as sent; {@code null} before one. */
    private ObjectNode last;
    /** Its site's own vehicle list in that message, with the site's ids. */
    private JsonNode own;
    /** Whether the client has had its {@code hello}, from a site or from the hub. */
    private boolean greeted;
    /** A site's hello before auth, held back while the client's replayed token is checked there. */
    private ObjectNode heldHello;
    /** Whether the client may be shown the fleet: its site greeted it without asking for a token, or it authenticated. */
    private boolean listed;

    /**
     * The resume token of this client's connection at its site, from that connection's hello: when
     * the site falls silent the hub drops the connection there (the site holds its place for
     * {@code turns.graceSeconds}, as for any dropped connection) and takes the place back with it
     * when the site returns.
     */
    private String siteToken;

    private boolean closed;

    HubConnection(String id, String remote, Hub hub, Outbox client, HubMessages messages) {
        this.id = id;
        this.remote = remote;
        this.hub = hub;
        this.client = client;
        this.messages = messages;
    }

    String id() {
        return id;
    }

    String remote() {
        return remote;
    }

    /**
     * Joins the site of the hub's default vehicle, on that vehicle, whose hello is the client's; with
     * no site reachable the hub says hello itself, and the client is seated nowhere until it selects.
     */
    synchronized void start() {
        RemoteId first = hub.defaultVehicle();
        if (first == null) {
            listed = true;
            greeted = true;
            client.send(messages.emptyHello(hub.directory().vehicles()));
            return;
        }
        join(first.site(), first.local(), true);
        helloIsState = false;
    }

    /**
     * Greets the client itself if its site has not yet: a site that died just now is still listed
     * reachable for up to 3 s, and the client would hear nothing till then. Its site's hello, if it
     * was only slow, comes later as a {@code state}.
     */
    synchronized void greetIfUnanswered() {
        if (closed || greeted || site == null) {
            return;
        }
        LOG.debug("site '{}' has not greeted {}: the hub greets it itself", site, this);
        listed = true;
        greeted = true;
        helloIsState = true;
        client.send(messages.emptyHello(hub.directory().vehicles()));
    }

    synchronized void fromClient(String text) {
        ObjectNode m = messages.parse(text);
        if (m == null) {
            if (site != null) {
                send(text); // the site's own protocol core says what is wrong with it
            } else {
                client.send(messages.error(
                        null, "bad_json", "a message is one JSON object, such as {\"command\":\"ping\"}"));
            }
            return;
        }
        String command = m.path("command").asText(null);
        JsonNode messageId = m.get("id");
        if ("select".equals(command) && m.path("vehicle").isTextual()) {
            select(m, messageId);
            return;
        }
        if ("resume".equals(command) && m.path("token").isTextual()) {
            resume(m, messageId);
            return;
        }
        if (site == null && selected != null && hub.directory().reachable(selected.site())) {
            rejoin(); // its site came back before the hub's sweep noticed: the command goes there
        }
        if (site != null && "auth".equals(command) && m.path("token").isTextual()) {
            send(auth.sent(site, m)); // its site answers; a token it takes goes with the client to other sites
        } else if (site != null) {
            send(text); // everything else is the site's business, answered by its own protocol core
        } else if ("ping".equals(command)) {
            client.send(messages.pong(messageId, m.get("t"), hub.clock().millis()));
        } else {
            client.send(messages.error(messageId, "vehicle_unavailable", unavailable()));
        }
    }

    /** A reply the hub wrote itself, such as its gate's {@code rate_limited}. */
    void reply(String json) {
        client.send(json);
    }

    void binary() {
        client.send(messages.error(null, "bad_message", "binary frames are not accepted: send JSON text"));
    }

    private void select(ObjectNode m, JsonNode messageId) {
        String wanted = m.get("vehicle").asText();
        RemoteId target = RemoteId.parse(wanted);
        if (target == null || !hub.directory().reachable(target.site())) {
            boolean silent = target != null && hub.directory().listed(target.site());
            client.send(messages.error(
                    messageId,
                    "vehicle_unavailable",
                    silent
                            ? HubMessages.unreachable(target)
                            : "there is no vehicle '" + wanted
                                    + "' at this hub: ids here are VEHICLE@SITE, as in the vehicles list"));
            return;
        }
        if (!target.site().equals(site)) {
            // A driver keeps driving across sites if the new seat is free, as a select does on one server.
            boolean drove = site != null
                    && last != null
                    && "driver".equals(last.path("role").asText());
            leave();
            join(target.site(), target.local(), drove);
        }
        m.put("vehicle", target.local());
        send(m.toString());
    }

    private void resume(ObjectNode m, JsonNode messageId) {
        String token = m.get("token").asText();
        int dot = token.indexOf(HubMessages.TOKEN_SEPARATOR);
        if (dot > 0 && hub.directory().reachable(token.substring(0, dot))) {
            String target = token.substring(0, dot);
            if (!target.equals(site)) {
                leave();
                join(target, null, false);
            }
            m.put("token", token.substring(dot + 1));
            send(m.toString());
            return;
        }
        client.send(messages.error(messageId, "not_resumable", "nothing is held for this token at any reachable site"));
    }

    /** A frame or an ending from a site this connection is, or was, at. */
    synchronized void fromSite(String from, Relay relay) {
        if (closed || !from.equals(site)) {
            return; // a late frame from the site it left
        }
        if (Relay.CLOSE.equals(relay.op())) {
            hub.endClient(this, relay.code() == null ? 1001 : relay.code());
            return;
        }
        ObjectNode m = messages.parse(relay.text());
        if (m == null) {
            LOG.debug("an unreadable frame from site '{}' for {} was dropped", from, this);
            return;
        }
        if ("hello".equals(HubMessages.type(m))) {
            // Each connection at a site is greeted once, whether or not the client sees that hello.
            siteToken = m.path("resume").isTextual() ? m.get("resume").asText() : null;
        }
        switch (auth.reply(m)) {
            case SWALLOW -> {
                return;
            }
            case REPLAY_ACCEPTED -> {
                heldHello = null; // the state that follows the ack says where the client stands
                helloIsState = false;
                return;
            }
            case REPLAY_REFUSED -> {
                if (heldHello == null) {
                    return; // the site asks no token: its hello has passed already
                }
                m = heldHello; // the client is there unauthenticated: that hello, as a state, says so
                heldHello = null;
            }
            case PASS -> {
                if (auth.replaying()
                        && helloIsState
                        && "hello".equals(HubMessages.type(m))
                        && "required".equals(m.path("auth").asText())) {
                    heldHello = m; // it names nothing: the state after the replayed auth will
                    return;
                }
            }
        }
        String type = HubMessages.type(m);
        if (HUB_RESUME.equals(m.path("id").asText())) {
            return; // the reply to the hub's own resume: the state after it tells the client
        }
        boolean unauthenticated =
                "hello".equals(type) && "required".equals(m.path("auth").asText());
        boolean place = "hello".equals(type) || "state".equals(type);
        // A state follows a successful auth; a hello shows the fleet only where no token is asked for.
        listed |= "state".equals(type)
                || "hello".equals(type) && !"required".equals(m.path("auth").asText());
        if ("hello".equals(type)) {
            if (helloIsState) {
                HubMessages.helloAsState(m); // the client has had its hello: this one tells where it stands now
                if (unauthenticated) {
                    // It must authenticate at this site before it may do anything; a client shown
                    // the fleet before still sees it, this site's vehicles as its heartbeat has them.
                    m.put("auth", "required");
                    m.remove("vehicles");
                }
            }
            greeted |= !helloIsState;
            helloIsState = false;
        }
        RemoteId before = selected;
        if (place) {
            selected = m.hasNonNull("selected") ? new RemoteId(m.get("selected").asText(), from) : null;
            own = m.get("vehicles");
        }
        messages.forClient(from, m, hub.directory().vehicles());
        if (place && !m.has("vehicles")) { // a hello before auth, as a state: a stranger still learns nothing
            if (listed) {
                m.set("vehicles", messages.vehicles(from, null, hub.directory().vehicles()));
            } else {
                m.putArray("vehicles");
            }
        }
        if (place) {
            last = m;
        }
        // A ticket the site gave is noted so that this hub's /video admits it.
        client.send(hub.tickets().relay(m, id, remote));
        if (place) {
            hub.telemetry().watch(this, before, selected); // after the frame: no sample overtakes its hello
        }
    }

    /** One telemetry sample of the selected vehicle, its bytes shared with every watcher at this hub. */
    void telemetry(ByteBuffer sample) {
        client.offerTelemetry(sample);
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
        if (site != null && !hub.directory().reachable(site)) {
            // Its seat or queue place is gone for now: the site stops its cars when no hub is heard,
            // and holds the place for the resume below, as for a dropped connection.
            hub.send(site, Relay.close(id, null));
            site = null;
            lostPlace = true;
        }
        if (site == null && selected != null) {
            if (!hub.directory().listed(selected.site())) {
                hub.telemetry().watch(this, selected, null); // forgotten: nothing selected any more
                selected = null;
                last = null;
            } else if (!lostPlace && hub.directory().reachable(selected.site())) {
                rejoin(); // back: the site's greeting tells the client where it stands
                return;
            }
        }
        if (last == null) {
            if (site == null) { // its site fell silent before it said hello, or it never had one
                listed = true;
                client.send(greeted ? messages.emptyState(fleet) : messages.emptyHello(fleet));
                greeted = true;
            }
            return; // its site's hello is on its way, and will list the sites as they are then
        }
        if (listed) {
            String at = site != null ? site : selected != null ? selected.site() : null;
            last = messages.pushedState(last, at, own, lostPlace, fleet);
            client.send(last.toString());
        }
    }

    /**
     * The client sent a frame over the size limit. The site closes its connection with 1009 once the
     * replies owed for the frames before it are out, and the hub passes that close on; with no site
     * there is nothing owed, and it closes at once.
     */
    synchronized void oversized() {
        String at = site;
        if (at == null) {
            hub.endClient(this, Relay.CLOSE_TOO_BIG);
        } else {
            hub.send(at, Relay.close(id, Relay.CLOSE_TOO_BIG));
        }
    }

    /** The client went: the site lets go of its connection (the car stops, the place is held). */
    synchronized void closed() {
        closed = true;
        hub.telemetry().watch(this, selected, null);
        if (site != null) {
            hub.send(site, Relay.close(id, null));
        }
        client.close();
    }

    /**
     * Leaves the site it is at. It gives up its seat or queue place there first, as a {@code select}
     * of another vehicle does on one server (that car stops); a mere close would have the site hold
     * the place for a resume that never comes. Late frames from that site are dropped.
     */
    private void leave() {
        if (site != null) {
            hub.send(site, Relay.text(id, RELEASE));
            hub.send(site, Relay.close(id, null));
            site = null;
            heldHello = null;
            auth.left();
        }
    }

    /**
     * Opens a connection at a site, on a vehicle there ({@code null}: the site's default), taking its
     * free seat only if {@code seat}; the site's hello will be a {@code state} for the client.
     */
    private void join(String target, String vehicle, boolean seat) {
        site = target;
        helloIsState = true;
        hub.send(target, Relay.open(id, remote, vehicle, seat));
        String replay = auth.replay(target, messages);
        if (replay != null) {
            hub.send(target, Relay.text(id, replay)); // before the select or resume that follows
        }
    }

    /** Back at the site of the vehicle it stayed selected on, as a spectator: a claim drives again. */
    /** Back at a site that returned: the place it held there is taken back if still held. */
    private void rejoin() {
        join(selected.site(), selected.local(), false);
        if (siteToken != null) {
            ObjectNode resume = messages.command("resume");
            resume.put("token", siteToken);
            resume.put("id", HUB_RESUME);
            hub.send(site, Relay.text(id, resume.toString()));
            siteToken = null; // spent; the new connection's hello brings the next
        }
    }

    private String unavailable() {
        if (selected != null) {
            return HubMessages.unreachable(selected);
        }
        return hub.directory().vehicles().isEmpty()
                ? "no site is connected to this hub yet: wait for a vehicle to be listed, then select it"
                : "no vehicle is selected: select one of the vehicles listed (ids here are VEHICLE@SITE)";
    }

    private void send(String text) {
        hub.send(site, Relay.text(id, text));
    }

    @Override
    public String toString() {
        return "hub connection " + id + " from " + remote;
    }
}
