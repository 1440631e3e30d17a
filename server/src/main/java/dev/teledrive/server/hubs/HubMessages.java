package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A site's messages as a hub's clients see them: ids become {@code VEHICLE@SITE}, every vehicle list
 * becomes the hub's (every site's vehicles, each with its {@code site}), and the resume token names
 * its site so a resume at any hub finds the place (PROTOCOL.md, "Ids at a hub").
 */
final class HubMessages {

    /** Between the site's name and its own token in a resume token handed out at a hub. */
    static final char TOKEN_SEPARATOR = '.';

    private final ObjectMapper json = new ObjectMapper();

    /** A site's frame for one of its connections, rewritten for the client at the hub. */
    String fromSite(String site, String text, List<SiteDirectory.Listed> fleet) throws java.io.IOException {
        JsonNode node = json.readTree(text);
        if (!(node instanceof ObjectNode m)) {
            return text;
        }
        switch (m.path("type").asText()) {
            case "hello", "state" -> {
                if (m.hasNonNull("selected")) {
                    m.put("selected", m.get("selected").asText() + "@" + site);
                }
                if (m.path("vehicles").isArray()) {
                    m.set("vehicles", vehicles(site, (ArrayNode) m.get("vehicles"), fleet));
                }
                if (m.hasNonNull("resume")) {
                    m.put("resume", site + TOKEN_SEPARATOR + m.get("resume").asText());
                }
            }
            case "telemetry" -> {
                m.put("vehicle", m.path("vehicle").asText() + "@" + site);
                for (JsonNode other : m.path("others")) {
                    if (other instanceof ObjectNode o && o.has("vehicle")) {
                        o.put("vehicle", o.get("vehicle").asText() + "@" + site);
                    }
                }
            }
            default -> {
                return text; // ack, error, pong, ticket: nothing names a vehicle
            }
        }
        return m.toString();
    }

    /**
     * Every vehicle the hub lists, in the directory's order: the sending site's from its own fresh
     * list, the others' from their last heartbeat ({@code unreachable} when silent).
     */
    ArrayNode vehicles(String site, ArrayNode own, List<SiteDirectory.Listed> fleet) {
        ArrayNode all = json.createArrayNode();
        boolean ownWritten = false;
        for (SiteDirectory.Listed l : fleet) {
            if (l.id().site().equals(site)) {
                if (!ownWritten) {
                    addOwn(all, own, site);
                    ownWritten = true;
                }
                continue;
            }
            ObjectNode v = all.addObject();
            v.put("id", l.id().toString());
            v.put("name", l.vehicle().name());
            v.put("connected", l.reachable() && l.vehicle().connected());
            v.put("state", l.reachable() ? l.vehicle().state() : "unreachable");
            v.put("driven", l.vehicle().driven());
            v.put("queue", l.vehicle().queue());
            ArrayNode cameras = v.putArray("cameras");
            l.vehicle().cameras().forEach(c -> cameras.add(c + "@" + l.id().site()));
            v.put("site", l.id().site());
        }
        if (!ownWritten) {
            addOwn(all, own, site);
        }
        return all;
    }

    /** The sending site's own vehicles, their ids and their cameras' ids as the hub shows them. */
    private void addOwn(ArrayNode all, ArrayNode own, String site) {
        for (JsonNode v : own) {
            if (v instanceof ObjectNode o) {
                ObjectNode copy = o.deepCopy();
                copy.put("id", o.path("id").asText() + "@" + site);
                copy.put("site", site);
                copy.set("cameras", cameras(o.path("cameras"), site));
                for (JsonNode status : copy.path("cameraStatus")) {
                    if (status instanceof ObjectNode c && c.path("id").isTextual()) {
                        c.put("id", c.get("id").asText() + "@" + site);
                    }
                }
                all.add(copy);
            }
        }
    }

    private ArrayNode cameras(JsonNode ids, String site) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode id : ids) {
            out.add(id.asText() + "@" + site);
        }
        return out;
    }

    /** The {@code hello} of a hub no site has reached yet: nothing to watch, nothing selected. */
    String emptyHello(List<SiteDirectory.Listed> fleet) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "hello");
        n.put("protocol", 3);
        n.put("role", "spectator");
        n.set("vehicles", vehicles("", json.createArrayNode(), fleet));
        n.putNull("selected");
        n.putObject("queue").put("position", 0).put("length", 0);
        n.putNull("turnEndsAt");
        n.put("spectators", 0);
        n.putArray("vocabulary");
        n.putNull("resume");
        return n.toString();
    }

    /** An error for the client, in the protocol's form. */
    String error(JsonNode id, String code, String message) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "error");
        if (id != null) {
            n.set("id", id);
        }
        n.put("code", code);
        n.put("message", message);
        return n.toString();
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
