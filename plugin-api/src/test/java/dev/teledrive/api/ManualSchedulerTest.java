package dev.teledrive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.api.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test kit keeps the host's promises: time moves when the test says, work runs on the vehicle's thread. */
class ManualSchedulerTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock, "vehicle-car");
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
    }

    @Test
    void ticksRunOnlyWhenTheClockMovesEachAtItsOwnMomentOnTheVehiclesThread() {
        Instant start = clock.instant();
        scheduler.scheduleAtFixedRate(
                () -> ran.add(Thread.currentThread().getName() + "@"
                        + Duration.between(start, clock.instant()).toMillis()),
                50,
                50,
                TimeUnit.MILLISECONDS);
        assertEquals(List.of(), ran, "nothing runs by itself");
        clock.advance(Duration.ofMillis(149));
        assertEquals(List.of("vehicle-car@50", "vehicle-car@100"), ran);
        clock.advance(Duration.ofMillis(1));
        assertEquals("vehicle-car@150", ran.get(2), "due exactly now: run");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(23, ran.size());
    }

    @Test
    void aCancelledTimerNeverRunsAndOneShotsRunOnce() {
        ScheduledFuture<?> cancelled = scheduler.schedule(() -> ran.add("cancelled"), 10, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("once"), 20, TimeUnit.MILLISECONDS);
        cancelled.cancel(false);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("once"), ran);
    }

    @Test
    void theTestCallsTheVehicleOnItsOwnThread() throws Exception {
        assertEquals("vehicle-car", scheduler.call(() -> Thread.currentThread().getName()));
        var thrown = assertThrows(
                VehicleException.class,
                () -> scheduler.run(() -> {
                    throw new VehicleException("no link");
                }));
        assertEquals("no link", thrown.getMessage());
    }

    @Test
    void aTaskThatThrowsFailsTheAdvanceInsteadOfVanishing() {
        scheduler.scheduleAtFixedRate(
                () -> {
                    throw new IllegalStateException("tick failed");
                },
                10,
                10,
                TimeUnit.MILLISECONDS);
        var failure = assertThrows(IllegalStateException.class, () -> clock.advance(Duration.ofMillis(50)));
        assertTrue(failure.getCause().getMessage().contains("tick failed"), failure.toString());
    }
}
