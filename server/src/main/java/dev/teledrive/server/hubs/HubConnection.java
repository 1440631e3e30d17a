package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of a hub: its frames go to the site of the vehicle it selected, where it is a
 * connection of the site's own protocol core, and the site's frames come back with hub ids.
 * Selecting a vehicle of another site moves the connection there (the old site lets it go as a
 * closed connection: its car stops); {@code resume} with a token of another site does the same.
 * The hub itself answers only what needs no site: {@code ping} before any site is there, and the
 * errors for ids no site has.
 */
final class HubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);
    private static final String RELEASE = "{\"command\":\"release\"}";

    private final String id;
    private final String remote;
    private final Hub hub;
    private final Consumer<String> client;
    private final HubMessages messages;
    /** The site this connection is at now, or {@code null}; changed only on the client's thread. */
    private volatile String site;
    /** A site just joined: its hello is not for the client, who already has one. */
    private volatile boolean swallowHello;

    HubConnection(String id, String remote, Hub hub, Consumer<String> client, HubMessages messages) {
        this.id = id;
        this.remote = remote;
        this.hub = hub;
        this.client = client;
        this.messages = messages;
    }

    String id() {
        return id;
    }

    /** Joins the site of the hub's default vehicle (its hello is the client's), or says hello itself. */
    void start() {
        RemoteId first = hub.defaultVehicle();
        if (first == null) {
            client.accept(messages.emptyHello(hub.directory().vehicles()));
            return;
        }
        join(first.site(), false);
    }

    void fromClient(String text) {
        JsonNode m = messages.parse(text);
        String command = m == null ? null : m.path("command").asText(null);
        JsonNode id = m == null ? null : m.get("id");
        if ("select".equals(command) && m.path("vehicle").isTextual()) {
            RemoteId target = RemoteId.parse(m.get("vehicle").asText());
            if (target == null || !hub.directory().reachable(target.site())) {
                client.accept(messages.error(
                        id,
                        "vehicle_unavailable",
                        "there is no reachable vehicle '" + m.get("vehicle").asText()
                                + "' at this hub: ids here are VEHICLE@SITE, as in the vehicles list"));
                return;
            }
            moveTo(target.site());
            ((ObjectNode) m).put("vehicle", target.local());
            send(m.toString());
            return;
        }
        if ("resume".equals(command) && m.path("token").isTextual()) {
            String token = m.get("token").asText();
            int dot = token.indexOf(HubMessages.TOKEN_SEPARATOR);
            if (dot > 0 && hub.directory().reachable(token.substring(0, dot))) {
                moveTo(token.substring(0, dot));
                ((ObjectNode) m).put("token", token.substring(dot + 1));
                send(m.toString());
                return;
            }
            client.accept(messages.error(id, "not_resumable", "nothing is held for this token at any reachable site"));
            return;
        }
        if (site == null) {
            if ("ping".equals(command)) {
                ObjectNode pong = ((ObjectNode) m).objectNode();
                pong.put("type", "pong");
                pong.set("t", m.get("t"));
                pong.put("serverTime", System.currentTimeMillis());
                client.accept(pong.toString());
                return;
            }
            client.accept(messages.error(id, "vehicle_unavailable", "no site is connected to this hub yet"));
            return;
        }
        send(text); // everything else is the site's business, answered by its own protocol core
    }

    /** A frame or an ending from a site this connection is, or was, at. */
    void fromSite(String from, Relay relay) {
        if (!from.equals(site)) {
            return; // a late frame from the site it left
        }
        if (Relay.CLOSE.equals(relay.op())) {
            hub.endClient(this, relay.code() == null ? 1001 : relay.code());
            return;
        }
        try {
            String text = hub.tickets()
                    .relay(messages.fromSite(from, relay.text(), hub.directory().vehicles()), id, remote);
            if (swallowHello && text.startsWith("{\"type\":\"hello\"")) {
                swallowHello = false;
                return;
            }
            client.accept(text);
        } catch (IOException e) {
            LOG.debug("an unreadable frame from site '{}' for {} was dropped", from, this);
        }
    }

    /** The client went: the site lets go of its connection (the car stops, the place is held). */
    void closed() {
        String at = site;
        if (at != null) {
            hub.send(at, Relay.close(id, null));
        }
    }

    /**
     * Leaves the site it is at for another. It gives up its seat or queue place there first, as a
     * {@code select} of another vehicle does on one server (that car stops); a mere close would
     * have the site hold the place for a resume that never comes. The site's answer to the
     * release comes after the move and is dropped with every other late frame.
     */
    private void moveTo(String target) {
        if (target.equals(site)) {
            return;
        }
        if (site != null) {
            hub.send(site, Relay.text(id, RELEASE));
            hub.send(site, Relay.close(id, null));
        }
        join(target, true);
    }

    private void join(String target, boolean hasHello) {
        swallowHello = hasHello;
        site = target;
        hub.send(target, Relay.open(id, remote));
    }

    private void send(String text) {
        hub.send(site, Relay.text(id, text));
    }

    @Override
    public String toString() {
        return "hub connection " + id + " from " + remote;
    }
}
