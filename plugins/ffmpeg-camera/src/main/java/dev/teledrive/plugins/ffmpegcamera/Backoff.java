package dev.teledrive.plugins.ffmpegcamera;

import java.time.Duration;

/**
 * The pauses between restarts of a child that keeps exiting: doubling from {@code first} up to
 * {@code max}, so a camera that is unplugged for an hour costs a restart every half minute, and
 * one that hiccups is back at once.
 *
 * @param first the first pause
 * @param max   the longest pause
 */
record Backoff(Duration first, Duration max) {

    /** Half a second doubling to thirty. */
    static final Backoff STANDARD = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** The pause after {@code previous}. */
    Duration next(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
