package dev.teledrive.server.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * One event of a client connection relayed between a hub and a site: on {@code td.hub.HUB.to.SITE}
 * the client opened ({@code open}, with its address), sent a frame ({@code text}) or went
 * ({@code close}); on {@code td.site.SITE.to.HUB} the site sent it a frame or ended it. The
 * connection is named by its id at its hub; the hub is named by the subject.
 *
 * @param c      the connection's id at its hub: 1 to 32 of {@code A-Z a-z 0-9 -}
 * @param op     {@code open}, {@code text} or {@code close}
 * @param text   the frame, for {@code text}
 * @param remote the client's address, for {@code open}
 * @param code   the WebSocket close code, for a {@code close} from the site, or {@link #CLOSE_TOO_BIG}
 *               from a hub
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Relay(String c, String op, String text, String remote, Integer code) {

    public static final String OPEN = "open";
    public static final String TEXT = "text";
    public static final String CLOSE = "close";
    /**
     * A {@code close} from a hub with this code: its client sent a frame over the size limit, and the
     * site closes the connection with it once the replies owed for earlier frames are out.
     */
    public static final int CLOSE_TOO_BIG = 1009;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(4).build());
    }

    public static Relay open(String c, String remote) {
        return new Relay(c, OPEN, null, remote, null);
    }

    public static Relay text(String c, String text) {
        return new Relay(c, TEXT, text, null, null);
    }

    public static Relay close(String c, Integer code) {
        return new Relay(c, CLOSE, null, null, code);
    }

    /** The message's bytes on the bus. */
    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a relay message, refusing anything over {@code maxBytes} or not well formed.
     *
     * @throws BusMessageException saying what was wrong, for a counted, quiet log line
     */
    public static Relay decode(byte[] bytes, int maxBytes) throws BusMessageException {
        if (bytes.length > maxBytes) {
            throw new BusMessageException("a relay message of " + bytes.length + " bytes (at most " + maxBytes + ")");
        }
        Relay r;
        try {
            r = JSON.readValue(bytes, Relay.class);
        } catch (IOException e) {
            throw new BusMessageException(
                    "an unreadable relay message: " + e.getClass().getSimpleName());
        }
        if (r == null || r.c() == null || !ID.matcher(r.c()).matches()) {
            throw new BusMessageException("a relay message without a valid connection id");
        }
        boolean ok = switch (String.valueOf(r.op())) {
            case OPEN, CLOSE -> true;
            case TEXT -> r.text() != null;
            default -> false;
        };
        if (!ok) {
            throw new BusMessageException("a relay message with op '" + r.op() + "'");
        }
        return r;
    }
}
