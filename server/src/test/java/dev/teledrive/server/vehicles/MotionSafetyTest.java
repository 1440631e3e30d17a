package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/** The timed stop and the dead-man, in memory: time moves only when the test says. */
class MotionSafetyTest {

    private static final Duration DEADMAN = Duration.ofMillis(500);

    private final ManualClock clock = new ManualClock();
    private final ManualTimers timers = new ManualTimers();
    private final List<Long> stops = new ArrayList<>();
    private final MotionSafety safety = new MotionSafety("car", this::nanos, DEADMAN, timers, this::stop);

    private long nanos() {
        return clock.instant().getEpochSecond() * 1_000_000_000L
                + clock.instant().getNano();
    }

    private void stop() {
        stops.add(nanos());
        safety.stopped();
    }

    /** Timers that fire when the test moves the clock, on the test's thread (the vehicle's, here). */
    private final class ManualTimers implements VehicleTimers {
        private record Timer(long due, Runnable task, boolean[] cancelled) {}

        private final PriorityQueue<Timer> queue = new PriorityQueue<>(Comparator.comparingLong(Timer::due));

        @Override
        public Runnable schedule(Runnable task, long delayNanos) {
            var timer = new Timer(nanos() + delayNanos, task, new boolean[1]);
            queue.add(timer);
            return () -> timer.cancelled()[0] = true;
        }

        void advance(Duration d) {
            long until = nanos() + d.toNanos();
            while (!queue.isEmpty() && queue.peek().due() <= until) {
                Timer next = queue.poll();
                clock.advance(Duration.ofNanos(next.due() - nanos()));
                if (!next.cancelled()[0]) {
                    next.task().run();
                }
            }
            clock.advance(Duration.ofNanos(until - nanos()));
        }
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
        long start = nanos();
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
