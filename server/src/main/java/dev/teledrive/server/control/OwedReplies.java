package dev.teledrive.server.control;

/**
 * The replies one connection is still owed for messages a vehicle has yet to answer (a command on
 * the vehicle's thread, a {@code select}'s connect). A connection that must close (a frame over the
 * size limit) closes only once they are all made, so its client never loses an answer it was owed.
 */
final class OwedReplies {

    private int owed;
    private Runnable whenSettled;

    /** A message went to a vehicle: its reply comes later. */
    synchronized void add() {
        owed++;
    }

    /** A reply counted by {@link #add} was made (or can no longer be). */
    void settle() {
        Runnable due = null;
        synchronized (this) {
            owed--;
            if (owed == 0 && whenSettled != null) {
                due = whenSettled;
                whenSettled = null;
            }
        }
        if (due != null) {
            due.run();
        }
    }

    /** Runs {@code then} once nothing is owed: now, or after the last reply owed. */
    void whenSettled(Runnable then) {
        synchronized (this) {
            if (owed > 0) {
                whenSettled = then;
                return;
            }
        }
        then.run();
    }
}
