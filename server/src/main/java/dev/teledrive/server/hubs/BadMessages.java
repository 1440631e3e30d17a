package dev.teledrive.server.hubs;

import dev.teledrive.server.security.QuietLog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Messages from sites that a hub drops as malformed: counted, and logged at most once a minute. */
final class BadMessages {

    private final AtomicLong dropped = new AtomicLong();
    private final QuietLog quiet;

    BadMessages(Logger log, Clock clock) {
        this.quiet = new QuietLog(log, clock, Duration.ofMinutes(1));
    }

    void dropped(String site, String what) {
        quiet.warn("dropped from site '{}': {} ({} dropped so far)", site, what, dropped.incrementAndGet());
    }

    long count() {
        return dropped.get();
    }
}
