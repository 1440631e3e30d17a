package dev.teledrive.server.vehicles;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's view of its vehicle's thread ({@code VehicleContext.scheduler()}): the same thread,
 * but the host keeps hold of everything the plugin schedules on it, so it can cancel all of it
 * when the vehicle fails, before it connects it again and when it closes it. A plain executor
 * would leave a failed vehicle's ticks running, and every reconnect would add another set.
 */
final class ScheduledWork extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService thread;
    /** What the plugin scheduled and is not finished; those done are dropped as new work comes. */
    private final Set<Future<?>> live = ConcurrentHashMap.newKeySet();

    ScheduledWork(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /** Cancels everything the plugin scheduled; a task running now finishes, and never runs again. */
    void cancelAll() {
        for (Future<?> f : live) {
            f.cancel(false);
        }
        live.clear();
    }

    /** How many of the plugin's tasks are scheduled, for tests. */
    int scheduled() {
        live.removeIf(Future::isDone);
        return live.size();
    }

    private <F extends Future<?>> F owned(F future) {
        live.removeIf(Future::isDone);
        live.add(future);
        return future;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return owned(thread.schedule(command, delay, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return owned(thread.schedule(callable, delay, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return owned(thread.scheduleAtFixedRate(command, initialDelay, period, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return owned(thread.scheduleWithFixedDelay(command, initialDelay, delay, unit));
    }

    @Override
    public void execute(Runnable command) {
        owned(thread.schedule(command, 0, TimeUnit.NANOSECONDS));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return owned(thread.submit(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return owned(thread.submit(task, result));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return owned(thread.submit(task));
    }

    @Override
    public void shutdown() {
        throw notYours();
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw notYours();
    }

    @Override
    public boolean isShutdown() {
        return thread.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.awaitTermination(timeout, unit);
    }

    private static UnsupportedOperationException notYours() {
        return new UnsupportedOperationException(
                "the host ends a vehicle's scheduler after Vehicle.close(); cancel your own tasks instead");
    }
}
