package dev.teledrive.server.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.control.ErrorCode;

/**
 * The one message a {@code /video} client sends:
 * {@code {"command":"watch","camera":"<id>","codec":"jpeg"|"h264","ticket":"..."}}, read as strictly
 * as the control protocol reads its own (one JSON object, no key twice, small).
 *
 * @param id     the message's {@code id} to echo in an error, or {@code null}
 * @param camera the camera id
 * @param codec  the codec, JPEG unless asked
 * @param ticket the ticket, or {@code null}
 */
record WatchRequest(JsonNode id, String camera, VideoCodec codec, String ticket) {

    /** The largest {@code watch} message; a larger one closes the socket with 1009. */
    static final int MAX_BYTES = 1024;

    private static final int MAX_ID_LENGTH = 64;
    private static final ObjectMapper MAPPER = mapper();

    /** A {@code watch} that is refused, with the code and sentence of the {@code error} it gets. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;
        private final transient JsonNode id;

        Refused(JsonNode id, ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
            this.id = id;
        }

        ErrorCode code() {
            return code;
        }

        JsonNode id() {
            return id;
        }
    }

    static WatchRequest parse(String text) throws Refused {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refused(null, ErrorCode.BAD_JSON, "the message is not valid JSON (or holds a key twice)");
        }
        if (!(root instanceof ObjectNode body)) {
            throw new Refused(null, ErrorCode.BAD_MESSAGE, "a message must be a JSON object with a 'command'");
        }
        JsonNode id = body.get("id");
        if (id != null
                && !((id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH)
                        || (id.isIntegralNumber() && id.canConvertToLong()))) {
            throw new Refused(
                    null,
                    ErrorCode.BAD_MESSAGE,
                    "'id' must be a string of at most " + MAX_ID_LENGTH + " characters or an integer");
        }
        JsonNode command = body.get("command");
        if (command == null || !command.isTextual()) {
            throw new Refused(id, ErrorCode.BAD_MESSAGE, "a message needs a string 'command'");
        }
        if (!"watch".equals(command.textValue())) {
            throw new Refused(
                    id,
                    ErrorCode.UNKNOWN_COMMAND,
                    "'/video' knows only {\"command\":\"watch\",\"camera\":\"<id>\"}; send other commands on /ws");
        }
        JsonNode camera = body.get("camera");
        if (camera == null || !camera.isTextual() || camera.textValue().isEmpty()) {
            throw new Refused(id, ErrorCode.BAD_MESSAGE, "'watch' needs a string 'camera': a camera id");
        }
        VideoCodec codec = VideoCodec.JPEG;
        JsonNode c = body.get("codec");
        if (c != null && !c.isNull()) {
            if (c.isTextual() && c.textValue().equals("jpeg")) {
                codec = VideoCodec.JPEG;
            } else if (c.isTextual() && c.textValue().equals("h264")) {
                codec = VideoCodec.H264;
            } else {
                throw new Refused(id, ErrorCode.BAD_MESSAGE, "'codec' must be \"jpeg\" or \"h264\"");
            }
        }
        JsonNode ticket = body.get("ticket");
        if (ticket != null && !ticket.isNull() && !ticket.isTextual()) {
            throw new Refused(id, ErrorCode.BAD_MESSAGE, "'ticket' must be a string: ask /ws for one with 'ticket'");
        }
        return new WatchRequest(
                id, camera.textValue(), codec, ticket == null || ticket.isNull() ? null : ticket.textValue());
    }

    @Override
    public String toString() {
        return "watch " + camera + " " + codec.wireName(); // never the ticket
    }

    private static ObjectMapper mapper() {
        ObjectMapper m = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(64)
                        .build());
        return m;
    }
}
