package dev.teledrive.server.support;

import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleTimers;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Vehicle timers on a {@link ManualClock}: a timer fires when the test moves the clock past it,
 * and its task then runs on the vehicle's own thread, as in the server. {@link #inline} gives
 * timers whose tasks run on the test's own thread, for a part tested without a vehicle thread.
 */
public final class ManualTimers implements VehicleTimers.Source {

    private record Timer(long due, Runnable task, Consumer<Runnable> onVehicleThread, boolean[] cancelled) {}

    private final ManualClock clock;
    private final LongSupplier nanoTime;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(Comparator.comparingLong(Timer::due));

    public ManualTimers(ManualClock clock) {
        this.clock = clock;
        this.nanoTime = Monotonic.nanoTime(clock);
    }

    @Override
    public VehicleTimers of(Consumer<Runnable> onVehicleThread, VehicleTimers realTime) {
        return (task, delayNanos) -> {
            var timer = new Timer(nanos() + delayNanos, task, onVehicleThread, new boolean[1]);
            synchronized (queue) {
                queue.add(timer);
            }
            return () -> timer.cancelled()[0] = true;
        };
    }

    /** Timers whose tasks run on the thread that moves the clock: the test's, standing in for the vehicle's. */
    public VehicleTimers inline() {
        return of(Runnable::run, null);
    }

    /** Moves the clock on, handing every timer that falls due to its vehicle's thread. */
    public void advance(Duration d) {
        long until = nanos() + d.toNanos();
        while (true) {
            Timer next;
            synchronized (queue) {
                if (queue.isEmpty() || queue.peek().due() > until) {
                    break;
                }
                next = queue.poll();
            }
            clock.advance(Duration.ofNanos(Math.max(0, next.due() - nanos())));
            next.onVehicleThread().accept(() -> {
                if (!next.cancelled()[0]) {
                    next.task().run();
                }
            });
        }
        clock.advance(Duration.ofNanos(until - nanos()));
    }

    private long nanos() {
        return nanoTime.getAsLong();
    }
}
