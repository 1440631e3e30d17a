package dev.teledrive.server.control;

import java.util.concurrent.atomic.AtomicReference;

/** The one driver seat: at most one connection holds it. */
final class DriverSeat {

    private final AtomicReference<ControlSession> holder = new AtomicReference<>();

    /** Takes the seat if it is free (or already ours); says whether we hold it now. */
    boolean claim(ControlSession session) {
        return holder.compareAndSet(null, session) || holder.get() == session;
    }

    /** Gives the seat up if we hold it; says whether we did. */
    boolean release(ControlSession session) {
        return holder.compareAndSet(session, null);
    }

    /** Takes the seat whoever holds it; returns who held it before. */
    ControlSession takeOver(ControlSession session) {
        return holder.getAndSet(session);
    }

    boolean isHeldBy(ControlSession session) {
        return holder.get() == session;
    }

    boolean isTaken() {
        return holder.get() != null;
    }
}
