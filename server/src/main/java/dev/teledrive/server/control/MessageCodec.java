package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.seats.TurnRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes server messages exactly as PROTOCOL.md spells them; {@link MessageReader} reads the
 * clients' and {@link FleetEntries} writes the vehicles and vocabulary inside {@code hello} and
 * {@code state}. The hot replies ({@code ack}, {@code error}) are written without building a tree.
 */
final class MessageCodec {

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final FleetEntries entries = new FleetEntries(mapper);

    ObjectMapper mapper() {
        return mapper;
    }

    String ack(JsonNode id) {
        return "{\"type\":\"ack\",\"id\":" + id + "}";
    }

    String error(JsonNode id, ErrorCode code, String message) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "error");
        if (id != null) {
            n.set("id", id);
        }
        n.put("code", code.wire());
        n.put("message", message);
        return n.toString();
    }

    String pong(JsonNode id, JsonNode t, long serverTime) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "pong");
        if (id != null) {
            n.set("id", id);
        }
        n.set("t", t == null ? mapper.nullNode() : t);
        n.put("serverTime", serverTime);
        return n.toString();
    }

    /**
     * The {@code hello} sent first on every connection: its place, the fleet, what it may send.
     *
     * @param version the server's version, or {@code null} to name none (before {@code auth})
     */
    String hello(
            Place place,
            FleetView fleet,
            Limits limits,
            TurnRules turns,
            boolean authRequired,
            String version,
            String resumeToken) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "hello");
        n.put("protocol", 3);
        n.put("resume", resumeToken);
        n.put("role", place.role());
        n.set("vehicles", entries.vehicles(fleet.vehicles(), fleet.cameras()));
        n.put("selected", place.selected());
        place.writeInto(n);
        n.set("vocabulary", entries.vocabulary(fleet.vocabulary()));
        n.set("limits", mapper.valueToTree(limits));
        ObjectNode turnLimits = n.putObject("turns"); // so a page can guess the wait in line
        turnLimits.put("seconds", turns.turn().toSeconds());
        turnLimits.put("idleSeconds", turns.idle().toSeconds());
        n.put("auth", authRequired ? "required" : "none");
        if (version != null) {
            n.put("server", "Teledrive " + version);
        }
        return n.toString();
    }

    /**
     * The part of {@code state} that every connection watching one vehicle shares: the vehicles and
     * the vocabulary, written once however many watch.
     */
    byte[] stateTail(FleetView fleet) {
        ObjectNode n = mapper.createObjectNode();
        n.set("vehicles", entries.vehicles(fleet.vehicles(), fleet.cameras()));
        n.set("vocabulary", entries.vocabulary(fleet.vocabulary()));
        byte[] whole = n.toString().getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOfRange(whole, 1, whole.length); // "vehicles":[...],"vocabulary":[...]}
    }

    /** One connection's {@code state} as UTF-8: its own place, then the shared tail. */
    byte[] state(Place place, byte[] tail) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "state");
        n.put("selected", place.selected());
        n.put("driver", place.role().equals("driver")); // protocol version 1's field
        n.put("role", place.role());
        place.writeInto(n);
        byte[] head = n.toString().getBytes(StandardCharsets.UTF_8);
        byte[] state = Arrays.copyOf(head, head.length + tail.length); // the head's closing brace ...
        state[head.length - 1] = ',';
        System.arraycopy(tail, 0, state, head.length, tail.length); // ... gives way to the tail
        return state;
    }

    /**
     * What a client may send, as {@code hello} tells it (in this order).
     *
     * @param frameBytes         the largest message
     * @param messagesPerSecond  the sustained rate, 0 = unlimited
     * @param burst              the burst above it
     * @param maxDurationSeconds the longest timed command
     * @param deadmanMillis      the dead-man period
     */
    record Limits(int frameBytes, double messagesPerSecond, int burst, double maxDurationSeconds, long deadmanMillis) {

        static Limits of(HostSettings s) {
            return new Limits(
                    s.limits().frameBytes(),
                    s.limits().messagesPerSecond(),
                    s.limits().burst(),
                    s.maxDuration().toNanos() / 1e9,
                    s.deadman().toMillis());
        }
    }

    /**
     * Where one connection stands with its own vehicle, for {@code hello} and {@code state}.
     *
     * @param selected   the vehicle it watches
     * @param role       {@code driver}, {@code queued} or {@code spectator}
     * @param position   its place in the queue, 1 = next, 0 = not queued
     * @param length     how many wait for that vehicle
     * @param turnEndsAt when the current turn ends, epoch milliseconds, or {@code null}
     * @param spectators how many connections watch that vehicle
     */
    record Place(String selected, String role, int position, int length, Long turnEndsAt, int spectators) {

        /** No vehicle, no seat: a connection shown nothing yet. */
        static final Place NOWHERE = new Place(null, "spectator", 0, 0, null, 0);

        void writeInto(ObjectNode n) {
            ObjectNode queue = n.putObject("queue");
            queue.put("position", position);
            queue.put("length", length);
            if (turnEndsAt == null) {
                n.putNull("turnEndsAt");
            } else {
                n.put("turnEndsAt", turnEndsAt);
            }
            n.put("spectators", spectators);
        }
    }
}
