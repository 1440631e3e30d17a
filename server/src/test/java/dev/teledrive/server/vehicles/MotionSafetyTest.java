package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.server.support.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The timed stop and the dead-man, in memory: time moves only when the test says. */
class MotionSafetyTest {

    private static final Duration DEADMAN = Duration.ofMillis(500);

    private final ManualClock clock = new ManualClock();
    private final ManualTimers timers = new ManualTimers(clock);
    private final LongSupplier nanoTime = Monotonic.nanoTime(clock);
    private final List<Long> stops = new ArrayList<>();
    private final MotionSafety safety = new MotionSafety("car", nanoTime, DEADMAN, timers.inline(), this::stop);

    private void stop() {
        stops.add(nanoTime.getAsLong());
        safety.stopped();
    }

    @Test
    void aTimedCommandStopsWhenItsDurationIsUp() {
        safety.timed(Duration.ofMillis(300));
        timers.advance(Duration.ofMillis(299));
        assertEquals(0, stops.size());
        timers.advance(Duration.ofMillis(1));
        assertEquals(1, stops.size());
    }

    @Test
    void aNewCommandReplacesTheTimerOfTheOldOne() {
        safety.timed(Duration.ofMillis(300));
        timers.advance(Duration.ofMillis(200));
        safety.timed(Duration.ofMillis(300));
        timers.advance(Duration.ofMillis(200));
        assertEquals(0, stops.size(), "the first timer was cancelled");
        timers.advance(Duration.ofMillis(100));
        assertEquals(1, stops.size());
    }

    @Test
    void aHeldCommandStopsWhenTheDriverFallsSilentForTheDeadManPeriod() {
        long start = nanoTime.getAsLong();
        safety.held();
        for (int i = 0; i < 10; i++) {
            timers.advance(Duration.ofMillis(300));
            safety.driverActivity(); // any word from the driver
        }
        assertEquals(0, stops.size(), "kept alive for 3 s by the driver's messages");
        timers.advance(Duration.ofMillis(499));
        assertEquals(0, stops.size());
        timers.advance(Duration.ofMillis(1));
        assertEquals(
                List.of(start + Duration.ofMillis(3_500).toNanos()),
                stops,
                "exactly a dead-man period after the last word");
    }

    @Test
    void aTimedCommandAfterAHeldOneEndsTheDeadMan() {
        safety.held();
        safety.timed(Duration.ofSeconds(2));
        timers.advance(Duration.ofMillis(1_999));
        assertEquals(0, stops.size(), "no dead-man stop under a timed command");
        timers.advance(Duration.ofMillis(1));
        assertEquals(1, stops.size());
    }

    @Test
    void afterAStopNothingIsLeftToFire() {
        safety.held();
        stop();
        timers.advance(Duration.ofSeconds(10));
        assertEquals(1, stops.size());
    }
}
