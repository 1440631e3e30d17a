package dev.teledrive.server.vehicles;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * The single thread a vehicle lives on. A plugin's own scheduled task that throws would be
 * cancelled in silence by a plain executor (its telemetry would just stop); this one reports it.
 */
final class VehicleThread extends ScheduledThreadPoolExecutor {

    private final Consumer<Throwable> onTaskFailure;

    VehicleThread(String vehicleId, Consumer<Throwable> onTaskFailure) {
        super(1, runnable -> {
            Thread t = new Thread(runnable, "vehicle-" + vehicleId);
            t.setDaemon(true);
            return t;
        });
        this.onTaskFailure = onTaskFailure;
        setRemoveOnCancelPolicy(true);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
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
            onTaskFailure.accept(failure);
        }
    }
}
