package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a vehicle from running away: a timed command ends when its duration is up (the
 * vehicle's {@code timeUp}), and a held one (analog drive) when the driver has said nothing for the
 * dead-man period (its safety stop). Time comes
 * only from the monotonic ticker and the timers it is given, so its rules run in memory in tests.
 *
 * <p>Everything but {@link #driverActivity} runs on the vehicle's own thread, as the timers do.
 */
final class MotionSafety {

    private static final Logger LOG = LoggerFactory.getLogger(MotionSafety.class);

    private final String vehicleId;
    private final LongSupplier nanoTime;
    private final Duration deadman;
    private final VehicleTimers timers;
    private final Consumer<Command> endTimed;
    private final Runnable stopVehicle;
    private Runnable deadmanFired = () -> {};
    /** When a held command runs out, in {@link #nanoTime} units; written by any thread that hears the driver. */
    private volatile long deadmanDeadline;

    // The vehicle thread's own.
    private CommandKind motion;
    private Runnable cancelTimer;

    /**
     * @param nanoTime    a monotonic clock (a wall clock that jumps back would hold a dead-man stop up)
     * @param endTimed    ends a timed command whose time is up; called on the vehicle's thread
     * @param stopVehicle the safety stop; called on the vehicle's thread
     */
    MotionSafety(
            String vehicleId,
            LongSupplier nanoTime,
            Duration deadman,
            VehicleTimers timers,
            Consumer<Command> endTimed,
            Runnable stopVehicle) {
        this.vehicleId = vehicleId;
        this.nanoTime = nanoTime;
        this.deadman = deadman;
        this.timers = timers;
        this.endTimed = endTimed;
        this.stopVehicle = stopVehicle;
    }

    /** Told each time the dead-man stops the vehicle, for the metrics. */
    void onDeadman(Runnable listener) {
        this.deadmanFired = listener;
    }

    /** A timed command started: it ends after its duration, unless another command comes first. */
    void timed(Command command) {
        cancelTimer();
        motion = CommandKind.TIMED;
        Duration d = command.duration() == null ? Duration.ZERO : command.duration();
        cancelTimer = timers.schedule(
                () -> {
                    if (motion == CommandKind.TIMED) {
                        cancelTimer = null;
                        motion = null;
                        endTimed.accept(command);
                    }
                },
                d.toNanos());
    }

    /** A held command started: it lasts while the driver keeps talking. */
    void held() {
        driverActivity();
        if (motion == CommandKind.HELD && cancelTimer != null) {
            return; // the pending check reads the new deadline
        }
        cancelTimer();
        motion = CommandKind.HELD;
        checkDeadmanIn(deadman.toNanos());
    }

    /** Word from the driver: a held command lives on for another dead-man period. Any thread. */
    void driverActivity() {
        deadmanDeadline = nanoTime.getAsLong() + deadman.toNanos();
    }

    /** The vehicle stopped (for whatever reason): nothing is left to time. */
    void stopped() {
        cancelTimer();
        motion = null;
    }

    private void checkDeadmanIn(long delayNanos) {
        cancelTimer = timers.schedule(
                () -> {
                    cancelTimer = null;
                    if (motion != CommandKind.HELD) {
                        return;
                    }
                    long left = deadmanDeadline - nanoTime.getAsLong();
                    if (left > 0) {
                        checkDeadmanIn(left);
                    } else {
                        LOG.info(
                                "dead-man: no word from the driver for {} ms, stopping '{}'",
                                deadman.toMillis(),
                                vehicleId);
                        stopVehicle.run();
                        deadmanFired.run();
                    }
                },
                delayNanos);
    }

    private void cancelTimer() {
        if (cancelTimer != null) {
            cancelTimer.run();
            cancelTimer = null;
        }
    }
}
