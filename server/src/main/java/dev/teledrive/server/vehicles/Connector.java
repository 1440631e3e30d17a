package dev.teledrive.server.vehicles;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a vehicle's {@code connect()} on its thread with a deadline ({@code vehicles.connectSeconds}),
 * so a plugin that hangs there holds nobody up: whoever asks is answered at once, the deadline
 * fails the attempt with its reason, and a connect that returns after its deadline counts as
 * failed all the same. Asking again while an attempt runs joins it; asking after it missed its
 * deadline starts another, which waits for the thread within a deadline of its own.
 */
final class Connector {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    /** The work of one attempt, on the vehicle's thread: open if need be, then connect. */
    @FunctionalInterface
    interface Attempt {
        /** @throws VehicleUnavailableException saying why the vehicle did not connect */
        void run() throws VehicleUnavailableException;
    }

    /** What becomes of attempts. */
    interface Outcome {
        /** A new attempt starts (on the caller's thread, before it is queued). */
        void connecting();

        /**
         * The attempt connected in time; on the vehicle's thread.
         *
         * @return {@code null}, or why the vehicle cannot be used all the same
         */
        String connected();

        /** The attempt failed or missed its deadline; on the vehicle's or the deadline's thread. */
        void failed(String reason);

        /** A connect that had missed its deadline returned after all; on the vehicle's thread. */
        void late();
    }

    private enum Phase {
        QUEUED,
        RUNNING,
        MISSED,
        DONE
    }

    /** One attempt: its phase, the thread inside the plugin's connect(), and who waits for it. */
    private static final class Try {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Phase phase = Phase.QUEUED;
        Thread thread;
        Runnable cancelDeadline = () -> {};
    }

    private final String vehicleId;
    private final VehicleTasks tasks;
    private final VehicleTimers deadlines;
    private final Duration limit;
    private final Outcome outcome;
    private Try current; // guarded by this: the attempt that a select joins, if any
    private boolean inside; // guarded by this: the thread is inside the plugin's connect(), in time or not

    /**
     * @param deadlines timers that fire on a thread of their own, not the vehicle's
     * @param limit     how long one attempt may take, from when it is asked for
     */
    Connector(String vehicleId, VehicleTasks tasks, VehicleTimers deadlines, Duration limit, Outcome outcome) {
        this.vehicleId = vehicleId;
        this.tasks = tasks;
        this.deadlines = deadlines;
        this.limit = limit;
        this.outcome = outcome;
    }

    /**
     * Starts an attempt, or joins the one under way. Completes when connected, or exceptionally with
     * a {@link VehicleUnavailableException} saying why not, at the deadline at the latest.
     */
    CompletableFuture<Void> connect(Attempt attempt) {
        Try t;
        synchronized (this) {
            if (current != null && current.phase != Phase.MISSED) {
                return current.done;
            }
            t = new Try(); // after a missed one, it waits for the thread, within its own deadline
            current = t;
        }
        outcome.connecting();
        Runnable cancel = deadlines.schedule(() -> missed(t), limit.toNanos());
        synchronized (this) {
            t.cancelDeadline = cancel;
        }
        tasks.submit(
                () -> run(t, attempt),
                failure -> {
                    if (failure != null) { // the vehicle's thread is closed
                        finish(t, failure.getMessage());
                    }
                },
                false);
        return t.done;
    }

    /** Whether the plugin is connecting now, or about to: its thread runs nothing else meanwhile. */
    synchronized boolean busy() {
        return current != null || inside;
    }

    private void run(Try t, Attempt attempt) {
        synchronized (this) {
            if (t.phase != Phase.QUEUED) {
                return; // it missed its deadline while waiting for the thread
            }
            t.phase = Phase.RUNNING;
            t.thread = Thread.currentThread();
            inside = true;
        }
        String failure = null;
        tasks.connecting(true);
        try {
            attempt.run();
        } catch (VehicleUnavailableException e) {
            failure = e.getMessage();
        } finally {
            tasks.connecting(false);
        }
        boolean missed;
        synchronized (this) {
            missed = t.phase == Phase.MISSED;
            t.phase = Phase.DONE;
            t.thread = null;
            inside = false;
            if (current == t) {
                current = null;
            }
            t.cancelDeadline.run();
        }
        Thread.interrupted(); // the deadline's interrupt, if it came, is not for the next task
        if (missed) {
            outcome.late();
        } else {
            finish(t, failure);
        }
    }

    private void finish(Try t, String failure) {
        synchronized (this) {
            if (current == t) {
                current = null;
            }
        }
        if (failure == null) {
            String unusable = outcome.connected();
            if (unusable == null) {
                t.done.complete(null);
            } else {
                t.done.completeExceptionally(new VehicleUnavailableException(unusable));
            }
        } else {
            outcome.failed(failure);
            t.done.completeExceptionally(new VehicleUnavailableException(failure));
        }
    }

    /** The deadline: the attempt fails now; a plugin still inside connect() is interrupted. */
    private void missed(Try t) {
        synchronized (this) {
            if (t.phase == Phase.DONE || t.phase == Phase.MISSED) {
                return;
            }
            if (t.phase == Phase.QUEUED) {
                if (current == t) {
                    current = null; // it will never start; the next select may try afresh
                }
            } else {
                t.thread.interrupt();
            }
            t.phase = Phase.MISSED;
        }
        String why = "vehicle '" + vehicleId + "' did not connect within " + seconds()
                + " (vehicles.connectSeconds): check that it is switched on and in reach, then select it again";
        LOG.warn("{}", why);
        outcome.failed(why);
        t.done.completeExceptionally(new VehicleUnavailableException(why));
    }

    private String seconds() {
        double s = limit.toMillis() / 1000.0;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }
}
