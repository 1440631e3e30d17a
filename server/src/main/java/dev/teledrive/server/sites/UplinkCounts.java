package dev.teledrive.server.sites;

import dev.teledrive.server.security.QuietLog;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the site's video uplink did with the frames its hubs watch: published once for every hub,
 * dropped (a newer frame took its place while the uplink was slow, or NATS was away), or too large
 * for NATS's {@code max_payload} (counted and logged at most once a minute, never sent).
 */
public final class UplinkCounts {

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final QuietLog quiet;

    UplinkCounts(QuietLog quiet) {
        this.quiet = quiet;
    }

    void onPublished() {
        published.incrementAndGet();
    }

    void onDropped(int frames) {
        dropped.addAndGet(frames);
    }

    void onTooLarge(String subject, long bytes, long max) {
        long n = tooLarge.incrementAndGet();
        quiet.warn(
                "a video frame of {} bytes on {} is over NATS's max_payload of {} bytes and was dropped ({} so far):"
                        + " lower the camera's size or quality, or raise max_payload in nats-server.conf",
                bytes,
                subject,
                max,
                n);
    }

    /** Frames published, each once for every hub that watches. */
    public long published() {
        return published.get();
    }

    /** Frames not sent: replaced by a newer one on a slow uplink, or NATS was away. */
    public long dropped() {
        return dropped.get();
    }

    /** Frames over NATS's {@code max_payload}, not sent. */
    public long tooLarge() {
        return tooLarge.get();
    }
}
