package dev.teledrive.server.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One event of a client connection relayed between a hub and a site: on {@code td.hub.HUB.to.SITE}
 * the client opened ({@code open}, with its address), sent a frame ({@code text}) or went
 * ({@code close}), or it asks which site holds a resume token ({@code find}); on
 * {@code td.site.SITE.to.HUB} the site sent it a frame, ended it, or answered a {@code find}. The
 * connection is named by its id at its hub; the hub is named by the subject.
 *
 * @param c      the connection's id at its hub: 1 to 32 of {@code A-Z a-z 0-9 -}
 * @param op     {@code open}, {@code text} or {@code close}; {@code find} from a hub, answered
 *               {@code found} or {@code none} by the site
 * @param text   the frame, for {@code text}
 * @param remote the client's address, for {@code open}
 * @param code   the WebSocket close code, for a {@code close} from the site, or {@link #CLOSE_TOO_BIG}
 *               from a hub
 * @param vehicle for {@code open}, the vehicle (its id at the site) the connection starts on; absent:
 *               the site's default
 * @param seat   for {@code open}, {@code false} when the connection must not take that vehicle's free
 *               seat on arrival (it moved there by selecting, and drove nothing); absent: it may
 * @param token  for {@code open}, the resume token the hub derived for this site from the one it gave
 *               its client (never the client's own), which the site gives this connection instead of
 *               minting one, so that the client's one token names its place at whichever site it is
 *               now; for {@code find}, the token derived for this site from the one a client at the hub
 *               wants to resume. Absent on an {@code open}: the site mints one
 * @param age    for {@code found}, how many milliseconds ago the connection holding the place joined the
 *               site: a hub's client is at one site at a time, each time on a new connection under its
 *               one token, so of two sites that hold the token the younger place is where it went last.
 *               Absent (a site from before ages): taken as the oldest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Relay(
        String c,
        String op,
        String text,
        String remote,
        Integer code,
        String vehicle,
        Boolean seat,
        String token,
        Long age) {

    public static final String OPEN = "open";
    public static final String TEXT = "text";
    public static final String CLOSE = "close";
    /** From a hub: does this site hold a place (or have an open connection) under {@link #token}? */
    public static final String FIND = "find";
    /** From a site, the answer to a {@code find} of the same {@link #c}: it does. */
    public static final String FOUND = "found";
    /** From a site, the answer to a {@code find} of the same {@link #c}: it does not. */
    public static final String NOT_FOUND = "none";
    /**
     * A {@code close} from a hub with this code: its client left for another site, after a
     * {@code release}; the site holds nothing for it (the client's token names its place elsewhere now).
     */
    public static final int CLOSE_LEFT = 1000;
    /**
     * A {@code close} from a hub with this code: its client sent a frame over the size limit, and the
     * site closes the connection with it once the replies owed for earlier frames are out.
     */
    public static final int CLOSE_TOO_BIG = 1009;
    /**
     * The largest relay message a site takes from a hub, as encoded: a client frame of the largest
     * size a hub accepts, escaped. A hub checks a client's frame against it before sending (a larger
     * one is answered {@code bad_message} at the hub), and refuses at start a {@code limits.frameBytes}
     * that could not fit.
     */
    public static final int MAX_TO_SITE_BYTES = 64 * 1024;
    /** The longest connection id {@link #c} may be. */
    public static final int MAX_ID_CHARS = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1," + MAX_ID_CHARS + "}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VEHICLE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(4).build());
    }

    public static Relay open(String c, String remote) {
        return new Relay(c, OPEN, null, remote, null, null, null, null, null);
    }

    /** An {@code open} on this vehicle, which takes its free seat only if {@code seat}. */
    public static Relay open(String c, String remote, String vehicle, boolean seat) {
        return open(c, remote, vehicle, seat, null);
    }

    /** As {@link #open(String, String, String, boolean)}, the connection's resume token given by its hub. */
    public static Relay open(String c, String remote, String vehicle, boolean seat, String token) {
        return new Relay(c, OPEN, null, remote, null, vehicle, seat, token, null);
    }

    public static Relay text(String c, String text) {
        return new Relay(c, TEXT, text, null, null, null, null, null, null);
    }

    public static Relay close(String c, Integer code) {
        return new Relay(c, CLOSE, null, null, code, null, null, null, null);
    }

    /** A hub asks a site whether it holds a place under {@code token}; {@code c} names the asking client. */
    public static Relay find(String c, String token) {
        return new Relay(c, FIND, null, null, null, null, null, token, null);
    }

    /** A site's answer to a {@link #find}: it holds the place, whose connection joined it {@code age} ago. */
    public static Relay found(String c, Duration age) {
        return new Relay(c, FOUND, null, null, null, null, null, null, age.toMillis());
    }

    /** A site's answer to a {@link #find}: it holds nothing under the token. */
    public static Relay none(String c) {
        return new Relay(c, NOT_FOUND, null, null, null, null, null, null, null);
    }

    /** Whether an {@code open} may take its vehicle's free seat. */
    public boolean maySeat() {
        return seat == null || seat;
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
        if (r.vehicle() != null && !VEHICLE.matcher(r.vehicle()).matches()) {
            throw new BusMessageException("a relay message with an invalid vehicle id");
        }
        if (r.token() != null && !TOKEN.matcher(r.token()).matches()) {
            throw new BusMessageException("a relay message with an invalid token");
        }
        if (r.age() != null && r.age() < 0) {
            throw new BusMessageException("a relay message with a negative age");
        }
        boolean ok = switch (String.valueOf(r.op())) {
            case OPEN, CLOSE, FOUND, NOT_FOUND -> true;
            case FIND -> r.token() != null;
            case TEXT -> r.text() != null;
            default -> false;
        };
        if (!ok) {
            throw new BusMessageException("a relay message with op '" + r.op() + "'");
        }
        return r;
    }
}
