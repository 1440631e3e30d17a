package dev.teledrive.server.vehicles;

import dev.teledrive.server.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One thread that looks at every vehicle now and then for a plugin that got stuck: far cheaper
 * than a timeout armed and cancelled for each command, which cost a tenth of the drive path. It
 * also keeps the connects' deadlines. It belongs to one server and ends with it.
 */
public final class Watchdog implements AutoCloseable {

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vehicle-watchdog"));

    /**
     * Runs {@code check} every {@code period} until the returned handle is run.
     *
     * @return cancels the check
     */
    Runnable every(Duration period, Runnable check) {
        long millis = Math.max(10, period.toMillis());
        ScheduledFuture<?> scheduled = thread.scheduleAtFixedRate(check, millis, millis, TimeUnit.MILLISECONDS);
        return () -> scheduled.cancel(false);
    }

    /**
     * Runs {@code task} on the watchdog's thread once {@code delayNanos} have passed, such as a
     * connect's deadline, which must fire while the vehicle's own thread is busy connecting.
     *
     * @return cancels it
     */
    Runnable after(Runnable task, long delayNanos) {
        ScheduledFuture<?> scheduled = thread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> scheduled.cancel(false);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
