package dev.teledrive.server.vehicles;

import java.util.function.Consumer;

/** Timers that run their task on one vehicle's own thread. */
@FunctionalInterface
public interface VehicleTimers {

    /** Runs the task on the vehicle's thread once the delay has passed; the result cancels it. */
    Runnable schedule(Runnable task, long delayNanos);

    /** Where each vehicle's timers come from: real time, or a test's clock. */
    @FunctionalInterface
    interface Source {

        /**
         * The timers of one vehicle.
         *
         * @param onVehicleThread runs a task on the vehicle's thread now
         * @param realTime        timers in real time on that thread
         */
        VehicleTimers of(Consumer<Runnable> onVehicleThread, VehicleTimers realTime);
    }

    /** Timers in real time, as the server runs. */
    Source REAL_TIME = (onVehicleThread, realTime) -> realTime;
}
