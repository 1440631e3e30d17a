package dev.teledrive.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down token guessing per client address. The first few wrong tokens cost nothing (people
 * mistype); each one after them locks the address out for twice as long as the one before, up to
 * a ceiling, so that reconnecting to refill a rate limit gains nothing. A success does not wipe
 * the slate: holding one token (a spectator's) must not buy unlimited guesses at another.
 *
 * <p>Wrong tokens are logged at most once per interval, with the number that came since, so a
 * guessing run cannot fill the disk with log lines.
 */
public final class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
    /** Entries are swept when the table grows past this; each is a few dozen bytes. */
    private static final int SWEEP_ABOVE = 10_000;

    private final Clock clock;
    private final Settings settings;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final QuietLog log;

    /**
     * How forgiving the throttle is.
     *
     * @param freeFailures wrong tokens an address may offer before it is slowed down
     * @param firstLockout the lockout after the first failure beyond the free ones; it doubles each time
     * @param maxLockout   the longest lockout
     * @param forgetAfter  an address whose last failure is this old starts afresh
     * @param logInterval  how often a wrong token may be logged; the line counts those in between
     */
    public record Settings(
            int freeFailures, Duration firstLockout, Duration maxLockout, Duration forgetAfter, Duration logInterval) {

        /** The defaults docs/internet.md describes. */
        public static Settings defaults() {
            return of(5, Duration.ofMinutes(5));
        }

        /**
         * The two settings the configuration sets ({@code auth.freeFailures}, {@code auth.maxLockoutSeconds});
         * the rest as by default.
         */
        public static Settings of(int freeFailures, Duration maxLockout) {
            return new Settings(
                    freeFailures, Duration.ofSeconds(1), maxLockout, Duration.ofMinutes(15), Duration.ofMinutes(1));
        }
    }

    public AuthThrottle(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
        this.log = new QuietLog(LOG, clock, settings.logInterval());
    }

    /** An address's record: wrong tokens since it was last forgiven, and until when it must wait. */
    private record Failures(int count, Instant last, Instant lockedUntil) {}

    /**
     * Whether this address may offer a token now.
     *
     * @return empty if it may, else how long it must still wait
     */
    public Optional<Duration> lockout(String address) {
        Instant now = clock.instant();
        Failures f = byAddress.get(address);
        if (f == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    /** Counts a wrong token from this address. */
    public void failed(String address) {
        Instant now = clock.instant();
        Failures f = byAddress.compute(address, (a, old) -> {
            int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
            return new Failures(count, now, now.plus(lockoutAfter(count)));
        });
        log.warn(
                "a wrong token from {} ({} in a row{})",
                address,
                f.count(),
                f.lockedUntil().isAfter(now)
                        ? ", locked out for " + lockoutAfter(f.count()).toSeconds() + " s"
                        : "");
        if (byAddress.size() > SWEEP_ABOVE) {
            byAddress.values().removeIf(old -> forgotten(old, now));
        }
    }

    private boolean forgotten(Failures f, Instant now) {
        return !f.last().plus(settings.forgetAfter()).isAfter(now);
    }

    /** The lockout that the {@code count}th wrong token in a row earns. */
    Duration lockoutAfter(int count) {
        int beyond = count - settings.freeFailures();
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        long max = settings.maxLockout().toMillis();
        long millis = settings.firstLockout().toMillis();
        for (int i = 1; i < beyond && millis < max; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max));
    }
}
