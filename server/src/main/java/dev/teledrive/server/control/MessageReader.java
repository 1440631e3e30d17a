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
import java.util.HashMap;
import java.util.Map;

/**
 * Reads client messages exactly as PROTOCOL.md spells them, strictly: a frame a client gets wrong
 * is refused with a sentence in the protocol's words, never half-read. Its counterpart for what
 * the server sends is {@link MessageCodec}.
 */
final class MessageReader {

    private static final int MAX_ID_LENGTH = 64;
    /** Marks a parameter given as an object or array, so binding reports the wrong type. */
    private static final Object NOT_A_SCALAR = new Object() {
        @Override
        public String toString() {
            return "an object or array";
        }
    };

    private final ObjectMapper mapper;

    MessageReader() {
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
}
