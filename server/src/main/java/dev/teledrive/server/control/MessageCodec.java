package dev.teledrive.server.control;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.seats.TurnRules;
import dev.teledrive.server.vehicles.VehicleStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads client messages and writes server messages, exactly as PROTOCOL.md spells them. The
 * hot replies ({@code ack}, {@code error}) are written without building a tree.
 *
 * <p>A little over 250 lines on purpose: every message's exact shape in one file, to read beside
 * PROTOCOL.md.
 */
final class MessageCodec {

    private static final int MAX_ID_LENGTH = 64;
    /** Marks a parameter given as an object or array, so binding reports the wrong type. */
    private static final Object NOT_A_SCALAR = new Object() {
        @Override
        public String toString() {
            return "an object or array";
        }
    };

    private final ObjectMapper mapper;

    MessageCodec() {
        this.mapper = JsonMapper.builder()
                // Two values in a frame, or a key twice, would let a client's stop be dropped or
                // overruled without a word: {"command":"stop","command":"up"} must not move the car.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // Frames are small already; these bounds keep a hostile one cheap to refuse.
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(4096)
                        .maxNumberLength(64)
                        .build());
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Parses one text frame into a message with a string {@code command}. */
    ClientMessage decode(String text) throws ProtocolException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, explain(e));
        }
        if (!(root instanceof ObjectNode body)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object with a 'command'");
        }
        JsonNode id = body.get("id");
        if (id != null && !validId(id)) {
            throw new ProtocolException(
                    ErrorCode.BAD_MESSAGE,
                    "'id' must be a string of at most " + MAX_ID_LENGTH
                            + " characters of valid Unicode, or an integer");
        }
        JsonNode command = body.get("command");
        if (command == null || !command.isTextual()) {
            throw new ProtocolException(id, ErrorCode.BAD_MESSAGE, "a message needs a string 'command'");
        }
        return new ClientMessage(command.textValue(), id, body);
    }

    /** Says what is wrong with a frame in the protocol's words, not the JSON library's. */
    private static String explain(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the message is nested too deeply or holds a string or number that is too long";
        }
        if (e instanceof MismatchedInputException
                && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return "a frame must hold exactly one JSON value: send each message in a frame of its own";
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return "a key appears twice in the message: give each key once";
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getColumnNr() < 1
                ? "the message is not valid JSON"
                : "the message is not valid JSON (at character " + at.getColumnNr() + ")";
    }

    /**
     * A string of at most 64 characters of valid Unicode, or an integer: a lone surrogate cannot be
     * written back in UTF-8, so its reply would carry another id than the one sent.
     */
    private static boolean validId(JsonNode id) {
        return (id.isTextual()
                        && id.textValue().codePointCount(0, id.textValue().length()) <= MAX_ID_LENGTH
                        && wellFormed(id.textValue()))
                || (id.isIntegralNumber() && id.canConvertToLong());
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The message's values for the parameters the command declares, as plain Java values. */
    Map<String, Object> parameters(ClientMessage message, CommandSpec spec) {
        Map<String, Object> values = new HashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            JsonNode v = message.field(p.name());
            if (v == null || v.isNull()) {
                continue;
            }
            values.put(p.name(), scalar(v));
        }
        return values;
    }

    private static Object scalar(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return NOT_A_SCALAR;
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
        n.set("vehicles", vehicles(fleet.vehicles(), fleet.cameras()));
        n.put("selected", place.selected());
        place.writeInto(n);
        n.set("vocabulary", vocabulary(fleet.vocabulary()));
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
        n.set("vehicles", vehicles(fleet.vehicles(), fleet.cameras()));
        n.set("vocabulary", vocabulary(fleet.vocabulary()));
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

    JsonNode vehicles(List<FleetView.Entry> entries, CameraDirectory cameras) {
        var array = mapper.createArrayNode();
        for (FleetView.Entry e : entries) {
            VehicleStatus s = e.status();
            ObjectNode v = array.addObject();
            v.put("id", s.id());
            v.put("name", s.name());
            v.put("connected", s.connected());
            v.put("state", s.state().name().toLowerCase(Locale.ROOT));
            if (s.reason() != null) {
                v.put("reason", s.reason());
            }
            v.put("driven", e.driven());
            v.put("queue", e.queue());
            var ids = v.putArray("cameras");
            var cameraStatus = v.putArray("cameraStatus");
            for (CameraDirectory.Entry c : cameras.camerasOf(s.id())) {
                ids.add(c.id());
                cameraStatus
                        .addObject()
                        .put("id", c.id())
                        .put("state", c.state())
                        .put("reason", c.reason());
            }
        }
        return array;
    }

    JsonNode vocabulary(Vocabulary vocabulary) {
        var array = mapper.createArrayNode();
        if (vocabulary == null) {
            return array;
        }
        for (CommandSpec c : vocabulary.commands()) {
            ObjectNode cmd = array.addObject();
            cmd.put("name", c.name());
            cmd.put("label", c.label());
            cmd.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            var params = cmd.putArray("parameters");
            for (ParameterSpec p : c.parameters()) {
                ObjectNode param = params.addObject();
                param.put("name", p.name());
                param.put("label", p.label());
                param.put("type", p.type().name().toLowerCase(Locale.ROOT));
                if (p.min() != null) {
                    param.put("min", p.min());
                }
                if (p.max() != null) {
                    param.put("max", p.max());
                }
                if (p.step() != null) {
                    param.put("step", p.step());
                }
                if (p.unit() != null) {
                    param.put("unit", p.unit());
                }
                param.put("required", p.required());
                if (p.defaultValue() != null) {
                    param.set("default", mapper.valueToTree(p.defaultValue()));
                }
                if (!p.choices().isEmpty()) {
                    var choices = param.putArray("choices");
                    p.choices().forEach(choices::add);
                }
            }
            if (c.key() != null) {
                cmd.put("key", c.key());
            }
        }
        return array;
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
