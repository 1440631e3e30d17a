package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.control.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * A site's messages as a hub's clients see them: ids become {@code VEHICLE@SITE}, every vehicle list
 * becomes the hub's (every site's vehicles, each with its {@code site}), and the resume token is the
 * client's own at the hub, from which the token each site holds its place under is derived
 * ({@link SiteTokens}; PROTOCOL.md, "Ids at a hub"). Also the few
 * messages a hub writes itself, when no reachable site can.
 */
final class HubMessages {

    /**
     * Between a site's name and its own token in the resume tokens hubs once handed out
     * ({@code SITE.TOKEN}), still taken: a hub's own tokens never have one.
     */
    static final char TOKEN_SEPARATOR = '.';

    /** What a {@code hello} has that a {@code state} has not: dropped when a site's hello stands in for a state. */
    private static final List<String> HELLO_ONLY = List.of("protocol", "resume", "limits", "turns", "auth", "server");

    private final ObjectMapper json = new ObjectMapper();
    private final Consumer<ErrorCode> errorsSent;

    /** Messages whose errors nobody counts (tests). */
    HubMessages() {
        this(code -> {});
    }

    /**
     * @param errorsSent told the code of each error the hub writes itself, for {@code teledrive_errors_total}
     *                   as a plain server counts its own (the sites count theirs)
     */
    HubMessages(Consumer<ErrorCode> errorsSent) {
        this.errorsSent = errorsSent;
    }

    /** A frame as an object, or {@code null} for anything else. */
    ObjectNode parse(String text) {
        try {
            return json.readTree(text) instanceof ObjectNode m ? m : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The frame's {@code type}, or {@code ""}. */
    static String type(JsonNode m) {
        return m.path("type").asText();
    }

    /**
     * Rewrites a site's frame for one of its connections, in place, for the client at the hub.
     *
     * @param fleet the hub's list of every site's vehicles
     * @param token the client's resume token at the hub, which its hello gives whichever site greets it
     */
    void forClient(String site, ObjectNode m, List<SiteDirectory.Listed> fleet, String token) {
        switch (type(m)) {
            case "hello", "state" -> {
                if (m.hasNonNull("selected")) {
                    m.put("selected", m.get("selected").asText() + "@" + site);
                }
                // A site's hello before auth names nothing (PROTOCOL.md): the hub adds nothing either.
                boolean beforeAuth = "hello".equals(m.path("type").asText())
                        && "required".equals(m.path("auth").asText());
                if (m.path("vehicles").isArray() && !beforeAuth) {
                    m.set("vehicles", vehicles(site, m.get("vehicles"), fleet));
                }
                if (m.has("resume")) {
                    // the site's is the one derived for it (SiteTokens): the client never sees it
                    m.put("resume", token);
                }
            }
            case "telemetry" -> telemetry(site, m);
            default -> {
                // ack, error, pong, ticket: nothing names a vehicle
            }
        }
    }

    /**
     * A site's telemetry message for every client of this hub that watches its vehicle: rewritten once,
     * its bytes shared by all of them. The vehicle is the one its subject names, whatever the payload says.
     *
     * @return the bytes, or {@code null} when the message is not a telemetry object
     */
    ByteBuffer telemetry(RemoteId vehicle, byte[] message) {
        JsonNode node;
        try {
            node = json.readTree(message);
        } catch (IOException e) {
            return null;
        }
        if (!(node instanceof ObjectNode m) || !"telemetry".equals(type(m))) {
            return null;
        }
        telemetry(vehicle.site(), m);
        m.put("vehicle", vehicle.toString());
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(m)).asReadOnlyBuffer();
        } catch (IOException e) {
            return null;
        }
    }

    private static void telemetry(String site, ObjectNode m) {
        m.put("vehicle", m.path("vehicle").asText() + "@" + site);
        for (JsonNode other : m.path("others")) {
            if (other instanceof ObjectNode o && o.has("vehicle")) {
                o.put("vehicle", o.get("vehicle").asText() + "@" + site);
            }
        }
    }

    /** A site's {@code hello} made into the {@code state} a client who already had its hello is owed. */
    static void helloAsState(ObjectNode hello) {
        hello.put("type", "state");
        hello.remove(HELLO_ONLY);
    }

    /**
     * Every vehicle the hub lists, in the directory's order: the sending site's from its own fresh
     * list while it is reachable, every other's from its last heartbeat ({@code unreachable} when
     * silent).
     *
     * @param site the site whose own list this is, or {@code null}
     * @param own  that site's vehicles with their ids at the site, or {@code null}
     */
    ArrayNode vehicles(String site, JsonNode own, List<SiteDirectory.Listed> fleet) {
        ArrayNode all = json.createArrayNode();
        boolean useOwn = own != null && own.isArray();
        boolean ownWritten = false;
        for (SiteDirectory.Listed l : fleet) {
            if (useOwn && l.id().site().equals(site) && l.reachable()) {
                if (!ownWritten) {
                    addOwn(all, site, own);
                    ownWritten = true;
                }
                continue;
            }
            ObjectNode v = all.addObject();
            v.put("id", l.id().toString());
            v.put("name", l.vehicle().name());
            v.put("connected", l.reachable() && l.vehicle().connected());
            v.put("state", l.reachable() ? l.vehicle().state() : "unreachable");
            v.put("driven", l.reachable() && l.vehicle().driven());
            v.put("queue", l.reachable() ? l.vehicle().queue() : 0);
            v.set("cameras", cameras(l.vehicle().cameras(), l.id().site()));
            v.put("site", l.id().site());
        }
        if (useOwn && !ownWritten && fleet.stream().noneMatch(l -> l.id().site().equals(site))) {
            addOwn(all, site, own); // the site spoke before the hub heard its first heartbeat
        }
        return all;
    }

    /** The sending site's own vehicles, their ids and their cameras' ids as the hub shows them. */
    private void addOwn(ArrayNode all, String site, JsonNode own) {
        for (JsonNode v : own) {
            if (v instanceof ObjectNode o) {
                ObjectNode copy = o.deepCopy();
                copy.put("id", o.path("id").asText() + "@" + site);
                copy.put("site", site);
                List<String> ids = new java.util.ArrayList<>();
                o.path("cameras").forEach(id -> ids.add(id.asText()));
                copy.set("cameras", cameras(ids, site));
                for (JsonNode status : copy.path("cameraStatus")) {
                    if (status instanceof ObjectNode c && c.path("id").isTextual()) {
                        c.put("id", c.get("id").asText() + "@" + site);
                    }
                }
                all.add(copy);
            }
        }
    }

    private ArrayNode cameras(List<String> ids, String site) {
        ArrayNode out = json.createArrayNode();
        ids.forEach(id -> out.add(id + "@" + site));
        return out;
    }

    /** The {@code hello} of a client no reachable site greeted: nothing selected, nothing to drive. */
    String emptyHello(List<SiteDirectory.Listed> fleet, String token) {
        ObjectNode n = nowhere("hello", fleet);
        n.put("protocol", 3);
        n.put("resume", token);
        return n.toString();
    }

    /** The {@code state} of a client with nothing selected, after the list changed: it still drives nothing. */
    String emptyState(List<SiteDirectory.Listed> fleet) {
        return nowhere("state", fleet).toString();
    }

    private ObjectNode nowhere(String type, List<SiteDirectory.Listed> fleet) {
        ObjectNode n = json.createObjectNode();
        n.put("type", type);
        n.put("role", "spectator");
        n.set("vehicles", vehicles(null, null, fleet));
        n.putNull("selected");
        n.putObject("queue").put("position", 0).put("length", 0);
        n.putNull("turnEndsAt");
        n.put("spectators", 0);
        n.putArray("vocabulary");
        return n;
    }

    /**
     * A {@code state} the hub pushes on its own: the client's last one with the hub's list as it is
     * now, and, when its site has become unreachable, no seat or queue place any more.
     *
     * @param last the last {@code hello} or {@code state} the client got, as sent
     * @param site the site of its vehicle; {@code own} its last list of its vehicles, or {@code null}
     */
    ObjectNode pushedState(
            ObjectNode last, String site, JsonNode own, boolean lostPlace, List<SiteDirectory.Listed> fleet) {
        ObjectNode n = last.deepCopy();
        helloAsState(n);
        n.set("vehicles", vehicles(site, own, fleet));
        if (lostPlace) {
            n.put("role", "spectator");
            n.putObject("queue").put("position", 0).put("length", 0);
            n.putNull("turnEndsAt");
        }
        return n;
    }

    /** A command the hub sends a site for its client, such as {@code resume}. */
    ObjectNode command(String name) {
        ObjectNode n = json.createObjectNode();
        n.put("command", name);
        return n;
    }

    /** The hub's own {@code pong}, while no reachable site can answer: as a site's, with the ping's {@code id}. */
    String pong(JsonNode id, JsonNode t, long serverTime) {
        ObjectNode pong = json.createObjectNode();
        pong.put("type", "pong");
        if (id != null) {
            pong.set("id", id);
        }
        pong.set("t", t == null ? json.nullNode() : t);
        pong.put("serverTime", serverTime);
        return pong.toString();
    }

    /** Why a vehicle of a silent site takes no command, and what the client can do. */
    static String unreachable(RemoteId vehicle) {
        return "vehicle '" + vehicle + "' is unreachable: its site '" + vehicle.site()
                + "' has not been heard for 3 s; select another vehicle, or wait for it to come back and claim again";
    }

    /** Why a client's command is answered by the hub: its site has said nothing since the hub greeted it. */
    static String mute(String site) {
        return "site '" + site + "' has not answered since you connected: select a vehicle of another site, or"
                + " wait a few seconds for it to answer or be shown unreachable";
    }

    /** An {@code auth} the hub sends a site on its client's behalf. */
    String auth(String token, String id) {
        ObjectNode n = json.createObjectNode();
        n.put("command", "auth");
        n.put("token", token);
        n.put("id", id);
        return n.toString();
    }

    /**
     * Whether a site takes a message's {@code id} as it is (none, an integer, or a string of at most 64
     * characters), so the hub may answer in its place; anything else is the site's to refuse.
     */
    static boolean takenId(JsonNode id) {
        return id == null
                || id.isIntegralNumber() && id.canConvertToLong()
                || id.isTextual()
                        && id.asText().length() <= 64
                        && id.asText().chars().noneMatch(c -> Character.isSurrogate((char) c));
    }

    /** An {@code ack} for the client, as a site sends it. */
    String ack(JsonNode id) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "ack");
        n.set("id", id);
        return n.toString();
    }

    /** An error for the client, in the protocol's form; counted as sent. */
    String error(JsonNode id, ErrorCode code, String message) {
        errorsSent.accept(code);
        ObjectNode n = json.createObjectNode();
        n.put("type", "error");
        if (id != null) {
            n.set("id", id);
        }
        n.put("code", code.wire());
        n.put("message", message);
        return n.toString();
    }
}
