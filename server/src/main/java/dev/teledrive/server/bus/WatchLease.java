package dev.teledrive.server.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one hub watches at one site, on {@code td.hub.HUB.watch.SITE}: NATS does not tell a
 * publisher who listens, so a hub says it. The hub sends its whole list at once whenever it changes
 * and again every {@link #RENEW_MILLIS} while it is not empty; the site sends a camera's frames of a
 * codec while some hub's list naming them is younger than {@link #LAPSE_MILLIS}. A list replaces the
 * hub's last one, so an empty list (the hub's last viewer left) stops the frames at once, and a hub
 * that died stops them when its lease lapses.
 *
 * @param watch the cameras (by their id at the site) and codecs watched
 */
public record WatchLease(List<Watch> watch) {

    /** How often a hub renews a lease that is not empty. */
    public static final long RENEW_MILLIS = 1_000;
    /** How long a lease holds without renewal: three renewals missed. */
    public static final long LAPSE_MILLIS = 3_000;
    /** The largest lease read: a few hundred cameras. */
    static final int MAX_BYTES = 16 * 1024;

    private static final Pattern CAMERA = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(4).build());
    }

    /** One camera in one codec, {@code jpeg} or {@code h264}. */
    public record Watch(String camera, String codec) {}

    public WatchLease {
        watch = List.copyOf(watch);
    }

    /** The lease's bytes on the bus. */
    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a lease, refusing anything too large, unreadable, or naming what is no camera or codec.
     *
     * @throws BusMessageException saying what was wrong, for a counted, quiet log line
     */
    public static WatchLease decode(byte[] bytes) throws BusMessageException {
        if (bytes.length > MAX_BYTES) {
            throw new BusMessageException("a watch lease of " + bytes.length + " bytes (at most " + MAX_BYTES + ")");
        }
        WatchLease lease;
        try {
            lease = JSON.readValue(bytes, WatchLease.class);
        } catch (IOException | RuntimeException e) {
            throw new BusMessageException(
                    "an unreadable watch lease: " + e.getClass().getSimpleName());
        }
        if (lease == null) {
            throw new BusMessageException("an empty watch lease");
        }
        for (Watch w : lease.watch()) {
            if (w == null
                    || w.camera() == null
                    || !CAMERA.matcher(w.camera()).matches()
                    || !("jpeg".equals(w.codec()) || "h264".equals(w.codec()))) {
                throw new BusMessageException("a watch lease naming no camera and codec: " + w);
            }
        }
        return lease;
    }
}
