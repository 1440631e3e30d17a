package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.Command;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.server.support.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The end of a timed command and the dead-man, in memory: time moves only when the test says. */
class MotionSafetyTest {

    private static final Duration DEADMAN = Duration.ofMillis(500);

    private final ManualClock clock = new ManualClock();
    private final ManualTimers timers = new ManualTimers(clock);
    private final LongSupplier nanoTime = Monotonic.nanoTime(clock);
    private final List<Long> stops = new ArrayList<>();
    private final List<Command> ends = new ArrayList<>();
    private final MotionSafety safety =
            new MotionSafety("car", nanoTime, DEADMAN, timers.inline(), ends::add, this::stop);

    private static Command up(Duration duration) {
        try {
            return StandardVocabulary.motion(255).find("up").orElseThrow().bind(Map.of(), duration);
        } catch (InvalidCommandException e) {
            throw new AssertionError(e);
        }
    }

    private void stop() {
        stops.add(nanoTime.getAsLong());
        safety.stopped();
    }

    @Test
    void aTimedCommandEndsWhenItsDurationIsUpWithoutTheSafetyStop() {
        Command up = up(Duration.ofMillis(300));
        safety.timed(up);
        timers.advance(Duration.ofMillis(299));
        assertEquals(List.of(), ends);
        timers.advance(Duration.ofMillis(1));
        assertEquals(List.of(up), ends, "the vehicle hears which command's time is up");
        assertEquals(List.of(), stops, "the end of a timed command is not the safety stop");
        timers.advance(Duration.ofSeconds(10));
        assertEquals(1, ends.size(), "and only once");
    }

    @Test
    void aNewCommandReplacesTheTimerOfTheOldOne() {
        safety.timed(up(Duration.ofMillis(300)));
        timers.advance(Duration.ofMillis(200));
        Command second = up(Duration.ofMillis(300));
        safety.timed(second);
        timers.advance(Duration.ofMillis(200));
        assertEquals(List.of(), ends, "the first timer was cancelled");
        timers.advance(Duration.ofMillis(100));
        assertEquals(List.of(second), ends);
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
        safety.timed(up(Duration.ofSeconds(2)));
        timers.advance(Duration.ofMillis(1_999));
        assertEquals(0, stops.size(), "no dead-man stop under a timed command");
        timers.advance(Duration.ofMillis(1));
        assertEquals(1, ends.size());
        assertEquals(0, stops.size());
    }

    @Test
    void afterAStopNothingIsLeftToFire() {
        safety.held();
        stop();
        timers.advance(Duration.ofSeconds(10));
        assertEquals(1, stops.size());
    }
}
