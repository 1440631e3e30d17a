package dev.teledrive.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A warning that a stranger can trigger at will (a wrong token, a refused host, a full server),
 * written at most once per interval: the first occurrence at once, then one line that also says
 * how many more came since. A flood costs a line a minute, not megabytes.
 */
public final class QuietLog {

    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private Instant nextLine = Instant.MIN;
    private long skipped;

    public QuietLog(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
    }

    /** Logs this warning if a line is due, else counts it for the next line. */
    public void warn(String format, Object... args) {
        String line = due(format);
        if (line != null) {
            log.warn(line, args);
        }
    }

    /** As {@link #warn}, at error level: an exception as the last argument is logged with its stack trace. */
    public void error(String format, Object... args) {
        String line = due(format);
        if (line != null) {
            log.error(line, args);
        }
    }

    /** The line to write now, or {@code null} when it is only counted for the next one. */
    private synchronized String due(String format) {
        Instant now = clock.instant();
        if (now.isBefore(nextLine)) {
            skipped++;
            return null;
        }
        String line = skipped > 0
                ? format + " (and " + skipped + " more like it in the last " + interval.toSeconds() + " s)"
                : format;
        skipped = 0;
        nextLine = now.plus(interval);
        return line;
    }
}
