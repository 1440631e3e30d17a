package dev.teledrive.server.seats;

/**
 * Who drives one vehicle, and the one way that changes: seat the next driver (or nobody), stop the
 * vehicle, tell the listener. Apart from {@link Seat}'s rules so that no rule can change the driver
 * without stopping the vehicle. Changed only under its seat's lock; the driver is read lock-free.
 *
 * @param <T> who drives: a connection
 */
public final class HandOver<T> {

    /** Why a seat changed hands, for the metrics. */
    public enum Cause {
        /** A free seat was taken. */
        CLAIM,
        /** The driver let go (release, disconnect, another vehicle) and the next in line drives, or nobody. */
        RELEASE,
        /** The turn ended while someone waited. */
        TURN_END,
        /** The driver sent nothing for too long while someone waited. */
        IDLE,
        /** The admin ended the turn. */
        SKIP,
        /** The admin took the seat. */
        ADMIN
    }

    /** Hears every change of driver, inside the seat's lock: it must return at once. */
    @FunctionalInterface
    public interface Listener {
        void handedOver(Cause cause, boolean toSomeone);
    }

    private final Runnable stopVehicle;
    private volatile T driver;
    private volatile Listener listener = (cause, toSomeone) -> {};

    /** @param stopVehicle stops the vehicle at once, ahead of anything queued for it */
    HandOver(Runnable stopVehicle) {
        this.stopVehicle = stopVehicle;
    }

    void listen(Listener value) {
        this.listener = value;
    }

    /** The driver, or {@code null}. */
    T driver() {
        return driver;
    }

    /**
     * Seats {@code next} (or nobody), then stops the vehicle. In that order because a driver's
     * command is admitted by reading the vehicle's stop count before asking whether it drives
     * ({@code VehicleRunner.admission()}): a command of the old driver either sees the new driver
     * and is refused, or was admitted before this stop and is voided by it. A free seat needs no
     * stop: the vehicle stopped when its last driver left.
     */
    void to(T next, Cause cause) {
        T previous = driver;
        driver = next;
        if (previous != null) {
            stopVehicle.run();
        }
        listener.handedOver(cause, next != null);
    }

    /**
     * Gives the seat to {@code heir} without a hand-over: it takes back the place of a connection
     * that dropped, and the vehicle stopped when that one did.
     */
    void inherit(T heir) {
        driver = heir;
    }
}
