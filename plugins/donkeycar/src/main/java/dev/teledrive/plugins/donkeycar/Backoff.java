package dev.teledrive.plugins.donkeycar;

import java.time.Duration;
import java.util.Locale;

/**
 * The pauses between attempts to reach a car that is gone: doubling from {@code first} to
 * {@code max}, so a car switched off for an hour costs an attempt every half minute, and one whose
 * Wi-Fi hiccups is back at once.
 *
 * @param first the first pause
 * @param max   the longest pause
 */
public record Backoff(Duration first, Duration max) {

    /** Half a second doubling to thirty, as the ffmpeg camera restarts. */
    public static final Backoff STANDARD = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    /**
     * Checks the pauses.
     *
     * @param first the first pause
     * @param max   the longest pause
     * @throws IllegalArgumentException unless 0 &lt; first &lt;= max
     */
    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /**
     * The pause after {@code previous}.
     *
     * @param previous the pause just taken
     * @return twice as long, at most {@link #max()}
     */
    public Duration next(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    /**
     * A pause for people, such as {@code 0.5 s}.
     *
     * @param d the pause
     * @return it in seconds with one decimal
     */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
