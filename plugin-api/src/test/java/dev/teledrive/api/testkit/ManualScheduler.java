package dev.teledrive.api.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vehicle's own thread, as the host gives it, on a {@link ManualClock}: work handed to it runs
 * there one task at a time, and scheduled work runs there when the test moves the clock past its
 * time, never before and never on the test's thread. Call the vehicle through {@link #call} or
 * {@link #run} to keep the host's promise that plugin code runs on one thread.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** Work that may throw, for {@link #run}. */
    @FunctionalInterface
    public interface Work {
        /**
         * Does the work.
         *
         * @throws Exception whatever the vehicle throws
         */
        void run() throws Exception;
    }

    private final ManualClock clock;
    private final ExecutorService thread;
    private final AtomicLong order = new AtomicLong();
    private final PriorityQueue<Timed<?>> timers =
            new PriorityQueue<>(Comparator.comparing((Timed<?> t) -> t.due).thenComparingLong(t -> t.order));

    /**
     * A scheduler whose timers the clock runs.
     *
     * @param clock the clock that moves its time
     * @param threadName the name of its thread, as the host names a vehicle's ({@code vehicle-ID})
     */
    public ManualScheduler(ManualClock clock, String threadName) {
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        clock.attach(this);
    }

    /**
     * Runs the work on the vehicle's thread and waits for it.
     *
     * @param work what to run, such as {@code () -> car.accept(command)}
     * @throws Exception what the work threw
     */
    public void run(Work work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs the work on the vehicle's thread, waits for it and returns its result.
     *
     * @param <T> the result's type
     * @param work what to run
     * @return what the work returned
     * @throws Exception what the work threw
     */
    public <T> T call(Callable<T> work) throws Exception {
        try {
            return thread.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            throw e;
        }
    }

    synchronized Instant nextDue() {
        Timed<?> next = timers.peek();
        return next == null ? null : next.due;
    }

    /** Runs the first task due at {@code now} on the vehicle's thread and waits for it; reschedules a periodic one. */
    void runDue(Instant now) {
        Timed<?> next;
        synchronized (this) {
            next = timers.poll();
        }
        if (next == null) {
            return;
        }
        boolean ok;
        try {
            ok = thread.submit(next::runOnce).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a scheduled task ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a scheduled task could not run", e.getCause());
        }
        if (!ok) {
            try {
                next.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a scheduled task failed on the vehicle's thread", e.getCause());
            } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                return;
            }
        }
        if (next.period != null && !next.isCancelled()) {
            next.due = next.period.isNegative() ? now.plus(next.period.negated()) : next.due.plus(next.period);
            synchronized (this) {
                timers.add(next);
            }
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Timed<Void>(
                () -> {
                    command.run();
                    return null;
                },
                delay,
                unit,
                null));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Timed<>(callable, delay, unit, null));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(periodic(command, initialDelay, Duration.of(period, unit.toChronoUnit()), unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(periodic(
                command, initialDelay, Duration.of(delay, unit.toChronoUnit()).negated(), unit));
    }

    private Timed<Void> periodic(Runnable command, long initialDelay, Duration period, TimeUnit unit) {
        if (period.isZero()) {
            throw new IllegalArgumentException("a period must be above zero");
        }
        return new Timed<Void>(
                () -> {
                    command.run();
                    return null;
                },
                initialDelay,
                unit,
                period);
    }

    private synchronized <V> Timed<V> add(Timed<V> timed) {
        if (thread.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("the scheduler is shut down");
        }
        timers.add(timed);
        return timed;
    }

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    @Override
    public void shutdown() {
        clock.detach(this);
        thread.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        clock.detach(this);
        List<Runnable> left;
        synchronized (this) {
            left = new ArrayList<>(timers);
            timers.clear();
        }
        left.addAll(thread.shutdownNow());
        return left;
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

    /** A task due at a moment of the manual clock; periodic ones run again (negative period: fixed delay). */
    private final class Timed<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long order = ManualScheduler.this.order.incrementAndGet();
        private final Duration period;
        private Instant due;

        Timed(Callable<V> work, long delay, TimeUnit unit, Duration period) {
            super(work);
            this.period = period;
            this.due = clock.instant().plus(Duration.of(Math.max(0, delay), unit.toChronoUnit()));
        }

        /** Runs once; a periodic task stays ready to run again. Says whether it ended well. */
        boolean runOnce() {
            if (period == null) {
                run();
                try {
                    get();
                    return true;
                } catch (Exception e) {
                    return isCancelled();
                }
            }
            return runAndReset() || isCancelled();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            synchronized (ManualScheduler.this) {
                timers.remove(this);
            }
            return cancelled;
        }
    }
}
