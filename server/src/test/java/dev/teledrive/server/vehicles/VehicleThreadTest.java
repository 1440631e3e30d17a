package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.threads.Burst;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VehicleThreadTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final VehicleThread thread = new VehicleThread("test", e -> events.add("failed " + e.getMessage()));

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Test
    void workDeferredInABurstRunsOnceTheReadyTasksAreDone() throws Exception {
        CountDownLatch gate = holdTheThread();
        queueTasksThatDefer(3);
        gate.countDown();
        awaitIdle();
        assertEquals(List.of("task 1", "task 2", "task 3", "deferred 1", "deferred 2", "deferred 3"), events);
    }

    @Test
    void aLongBurstStillRunsItsDeferredWorkEveryFewTasks() throws Exception {
        CountDownLatch gate = holdTheThread();
        queueTasksThatDefer(VehicleThread.MAX_BURST + 5);
        gate.countDown();
        awaitIdle();
        // The holding task counts as the burst's first.
        int cut = events.indexOf("deferred 1");
        assertEquals(VehicleThread.MAX_BURST - 1, cut, "the first burst ends after MAX_BURST tasks: " + events);
    }

    @Test
    void elsewhereNothingIsDeferred() {
        assertFalse(Burst.defer(() -> events.add("never")));
        assertEquals(List.of(), events);
    }

    @Test
    void aWatchdogCanRunTheDeferredWorkOfAStuckThread() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch deferred = new CountDownLatch(1);
        thread.execute(() -> {
            Burst.defer(() -> events.add("reply"));
            deferred.countDown();
            await(stuck); // a plugin that hangs
        });
        deferred.await(5, TimeUnit.SECONDS);
        thread.endBurst();
        assertEquals(List.of("reply"), events);
        stuck.countDown();
    }

    @Test
    void anIdleVehicleThreadLetsTheCallerRunATaskItself() {
        String caller = Thread.currentThread().getName();
        assertTrue(thread.runHere(
                () -> events.add("ran on " + Thread.currentThread().getName())));
        assertEquals(List.of("ran on " + caller), events);
    }

    @Test
    void aCallerNeverOvertakesAQueuedTaskNorRunsBesideARunningOne() throws Exception {
        var gate = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        thread.enqueue(() -> {
            started.countDown();
            await(gate);
        });
        started.await(5, TimeUnit.SECONDS);
        assertFalse(thread.runHere(() -> events.add("overtook")), "a queued task is unfinished");
        gate.countDown();
        awaitIdle();

        var tick = new CountDownLatch(1);
        var ticking = new CountDownLatch(1);
        thread.execute(
                () -> { // the plugin's own task: not queued through enqueue, but running
                    ticking.countDown();
                    await(tick);
                });
        ticking.await(5, TimeUnit.SECONDS);
        assertFalse(thread.runHere(() -> events.add("beside")), "never beside a running task");
        tick.countDown();
        awaitIdle();
        // Idle: the last task has run, though its thread may hold the lock a moment longer; then it runs here.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> thread.runHere(() -> events.add("alone")));
        assertEquals(List.of("alone"), events);
    }

    /** Queues tasks 1..count, each noting itself and deferring a note of its own. */
    private void queueTasksThatDefer(int count) {
        for (int i = 1; i <= count; i++) {
            int n = i;
            thread.execute(() -> {
                events.add("task " + n);
                Burst.defer(() -> events.add("deferred " + n));
            });
        }
    }

    private CountDownLatch holdTheThread() throws InterruptedException {
        var gate = new CountDownLatch(1);
        var holding = new CountDownLatch(1);
        thread.execute(() -> {
            holding.countDown();
            await(gate);
        });
        holding.await(5, TimeUnit.SECONDS);
        return gate;
    }

    private void awaitIdle() throws Exception {
        var idle = new CountDownLatch(1);
        thread.schedule(idle::countDown, 50, TimeUnit.MILLISECONDS);
        idle.await(5, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
