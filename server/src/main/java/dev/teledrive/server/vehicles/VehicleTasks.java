package dev.teledrive.server.vehicles;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The work of one vehicle on its own {@link VehicleThread}: every task's outcome is told exactly
 * once, by the thread when the task ends, or by the server's {@link Watchdog} when the plugin is
 * stuck in it for longer than the command timeout, so no driver ever waits for an ack that never
 * comes. A vehicle whose calls never block may have its commands run on the caller's thread.
 */
final class VehicleTasks {

    /** Work for the vehicle's thread. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private final String vehicleId;
    private final String pluginId;
    private final VehicleThread thread;
    private final Duration commandTimeout;
    private final Consumer<String> onStuck;
    /** Tasks queued or running, oldest first: the watchdog answers them if the thread gets stuck. */
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

    private final Runnable stopWatching;
    private long stuckSince = VehicleThread.IDLE; // read and written by the watchdog only
    private volatile boolean connecting;
    private volatile boolean runsHere;

    /**
     * @param onStuck told (on the watchdog's thread) why the vehicle counts as stuck, once per stuck task
     */
    VehicleTasks(
            String vehicleId,
            String pluginId,
            VehicleThread thread,
            Duration commandTimeout,
            Watchdog watchdog,
            Consumer<String> onStuck) {
        this.vehicleId = vehicleId;
        this.pluginId = pluginId;
        this.thread = thread;
        this.commandTimeout = commandTimeout;
        this.onStuck = onStuck;
        this.stopWatching = watchdog.every(commandTimeout.dividedBy(4), this::checkStuck);
    }

    /** Runs a task on the vehicle's thread; the future completes with its outcome. */
    CompletableFuture<Void> submit(Task task) {
        var done = new CompletableFuture<Void>();
        submit(
                task,
                failure -> {
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure);
                    }
                },
                false);
        return done;
    }

    /**
     * Runs a task for the vehicle and tells {@code whenDone} how it went, exactly once. With
     * {@code mayRunHere}, a vehicle whose calls never block has the task run on the caller's
     * thread when its own thread has nothing to do first; everything else queues on that thread.
     */
    void submit(Task task, Consumer<Throwable> whenDone, boolean mayRunHere) {
        var p = new Pending(whenDone);
        Runnable run = () -> {
            Throwable failure = null;
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
            pending.remove(p);
            p.finish(failure);
        };
        pending.add(p);
        if (mayRunHere && runsHere && thread.runHere(run)) {
            return;
        }
        try {
            thread.enqueue(run);
        } catch (RejectedExecutionException e) {
            pending.remove(p);
            p.finish(new VehicleUnavailableException("vehicle '" + vehicleId + "' has been closed"));
        }
    }

    /** Runs a task on the vehicle's thread after a delay; the result cancels it. */
    Runnable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> timer = thread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> timer.cancel(false);
    }

    /** Whether commands may run on the caller's thread: the vehicle said its calls never block. */
    void runHere(boolean allowed) {
        runsHere = allowed;
    }

    /** While a link opens (a radio may take seconds), a long task is not a stuck plugin. */
    void connecting(boolean opening) {
        connecting = opening;
    }

    /** Stops watching and ends the thread. */
    void close() {
        stopWatching.run();
        thread.shutdownNow();
    }

    /**
     * The watchdog's look at the thread: a task (a command, or the plugin's own) that has run
     * longer than the command timeout means the plugin is stuck. Every task still waiting is
     * answered; those that keep arriving while it stays stuck are answered on the next look.
     */
    private void checkStuck() {
        long since = thread.busySince();
        if (since == VehicleThread.IDLE || connecting || System.nanoTime() - since < commandTimeout.toNanos()) {
            return;
        }
        String why = "vehicle '" + vehicleId + "' did not answer within " + commandTimeout.toMillis()
                + " ms; its plugin (" + pluginId + ") may be stuck: choose another vehicle";
        if (since != stuckSince) {
            stuckSince = since;
            thread.endBurst(); // replies to the commands before the stuck one still go out
            onStuck.accept(why);
        }
        for (Pending p; (p = pending.poll()) != null; ) {
            p.finish(new VehicleUnavailableException(why));
        }
    }

    /** A task's outcome, told once: by the vehicle's thread, or by the watchdog if that thread is stuck. */
    private static final class Pending {
        private final Consumer<Throwable> whenDone;
        private final AtomicBoolean told = new AtomicBoolean();

        Pending(Consumer<Throwable> whenDone) {
            this.whenDone = whenDone;
        }

        void finish(Throwable failure) {
            if (told.compareAndSet(false, true)) {
                whenDone.accept(failure);
            }
        }
    }
}
