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
    public synchronized void warn(String format, Object... args) {
        Instant now = clock.instant();
        if (now.isBefore(nextLine)) {
            skipped++;
            return;
        }
        if (skipped > 0) {
            log.warn(format + " (and " + skipped + " more like it in the last " + interval.toSeconds() + " s)", args);
        } else {
            log.warn(format, args);
        }
        skipped = 0;
        nextLine = now.plus(interval);
    }
}
