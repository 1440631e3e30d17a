package dev.teledrive.server.vehicles;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/** The monotonic time that durations (dead-man, rate limits) are measured in. */
public final class Monotonic {

    private Monotonic() {}

    /**
     * {@link System#nanoTime} for the system clock, so a wall clock that jumps back never holds a
     * dead-man stop up; a test's own clock (one that moves only when told) drives it instead.
     */
    public static LongSupplier nanoTime(Clock clock) {
        if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
            return System::nanoTime;
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
