package dev.teledrive.server.vehicles;

import dev.teledrive.server.threads.Burst;
import dev.teledrive.server.threads.DaemonThreads;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The single thread a vehicle lives on. A plugin's own scheduled task that throws would be
 * cancelled in silence by a plain executor (its telemetry would just stop); this one reports it.
 *
 * <p>It also works in bursts: tasks that are ready one after another form a burst, and work
 * deferred with {@link Burst#defer} runs when the burst ends. Replies to a pipelined stream
 * of commands thus leave in one write instead of one system call each.
 *
 * <p>Every task runs under one lock, so a caller may run a task itself ({@link #runHere}) while
 * this thread is idle without two ever running at once.
 */
final class VehicleThread extends ScheduledThreadPoolExecutor {

    /** A burst ends after this many tasks even if more are ready, so deferred replies never starve. */
    static final int MAX_BURST = 32;

    private final Consumer<Throwable> onTaskFailure;
    /** Held while any task runs, here or on a caller's thread: one at a time, as plugins expect. */
    private final ReentrantLock running = new ReentrantLock();
    /** Tasks handed to {@link #enqueue} and not yet finished: while any is, nothing jumps the queue. */
    private final AtomicInteger submitted = new AtomicInteger();

    private final Burst burst = new Burst();
    private int tasksInBurst; // confined to the thread
    /** When the running task started ({@link System#nanoTime}), or {@link #IDLE}. */
    private volatile long busySince = IDLE;

    static final long IDLE = Long.MIN_VALUE;

    VehicleThread(String vehicleId, Consumer<Throwable> onTaskFailure) {
        super(1, DaemonThreads.named("vehicle-" + vehicleId));
        this.onTaskFailure = onTaskFailure;
        setRemoveOnCancelPolicy(true);
    }

    /** Queues a task, counted so that {@link #runHere} never overtakes it. */
    void enqueue(Runnable task) {
        submitted.incrementAndGet();
        try {
            execute(() -> {
                try {
                    task.run();
                } finally {
                    submitted.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            submitted.decrementAndGet();
            throw e;
        }
    }

    /**
     * Runs the task on the caller's thread, if this thread has nothing to do first: no task
     * submitted and unfinished, no timer or tick due, none running. Returns whether it ran;
     * otherwise the caller queues it. Used for vehicles whose calls never block.
     */
    boolean runHere(Runnable task) {
        if (submitted.get() != 0 || !running.tryLock()) {
            return false;
        }
        try {
            if (submitted.get() != 0 || anotherTaskIsReady() || isShutdown()) {
                return false;
            }
            busySince = System.nanoTime();
            try {
                task.run();
            } finally {
                busySince = IDLE;
            }
            return true;
        } finally {
            running.unlock();
        }
    }

    /**
     * Runs the deferred work now. Normally the thread itself does so between bursts; a watchdog
     * calls it from outside when a plugin task hangs, so replies already made still go out.
     */
    void endBurst() {
        burst.end();
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        burst.adopt();
        running.lock();
        busySince = System.nanoTime();
        super.beforeExecute(t, r);
    }

    /** When the task now running started, or {@link #IDLE}: a watchdog reads it to spot a stuck plugin. */
    long busySince() {
        return busySince;
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        try {
            super.afterExecute(task, thrown);
            Throwable failure = thrown;
            if (failure == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failure = e.getCause();
                } catch (CancellationException | InterruptedException e) {
                    // cancelled on purpose, or shutting down
                }
            }
            if (failure != null) {
                onTaskFailure.accept(failure); // stops the vehicle: plugin code, so still under the lock
            }
        } finally {
            busySince = IDLE;
            running.unlock();
        }
        if (++tasksInBurst >= MAX_BURST || !anotherTaskIsReady()) {
            tasksInBurst = 0;
            endBurst();
        }
    }

    private boolean anotherTaskIsReady() {
        Runnable next = getQueue().peek();
        return next instanceof Delayed d && d.getDelay(TimeUnit.NANOSECONDS) <= 0;
    }
}
