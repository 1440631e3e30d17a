package dev.teledrive.server.control;

/**
 * The driver seat: at most one connection drives, and every hand-over stops the vehicle first, so
 * nobody inherits the last driver's motion. Reading who holds it is lock-free (every message asks);
 * changing it is rare and takes the seat's lock.
 */
final class Seat {

    private final Runnable stopVehicle;
    private volatile ControlSession holder;

    /** @param stopVehicle stops the vehicle at once, ahead of anything queued for it */
    Seat(Runnable stopVehicle) {
        this.stopVehicle = stopVehicle;
    }

    /** Takes the seat if it is free (or already ours); says whether we hold it now. */
    synchronized boolean claim(ControlSession session) {
        if (holder == null) {
            holder = session;
        }
        return holder == session;
    }

    /** Gives the seat up if we hold it, stopping the vehicle; says whether we did. */
    synchronized boolean release(ControlSession session) {
        if (holder != session) {
            return false;
        }
        stopVehicle.run();
        holder = null;
        return true;
    }

    /**
     * Takes the seat whoever holds it (the admin's right); a vehicle driven by someone else is
     * stopped before the seat changes hands.
     *
     * @return who held it before, or {@code null}
     */
    synchronized ControlSession takeOver(ControlSession session) {
        ControlSession previous = holder;
        if (previous != null && previous != session) {
            stopVehicle.run();
        }
        holder = session;
        return previous;
    }

    /** Refuses a connection that does not drive, saying how it could. */
    void require(ControlSession session, String what) throws ProtocolException {
        if (holder != session) {
            throw new ProtocolException(
                    ErrorCode.NOT_DRIVER,
                    "only the driver may " + what
                            + (isTaken()
                                    ? "; someone else is driving"
                                    : "; send {\"command\":\"claim\"} to take the seat"));
        }
    }

    boolean isHeldBy(ControlSession session) {
        return holder == session;
    }

    boolean isTaken() {
        return holder != null;
    }
}
