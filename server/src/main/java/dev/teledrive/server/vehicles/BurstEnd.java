package dev.teledrive.server.vehicles;

/**
 * Lets code that runs on a vehicle's thread, such as the reply to a command, put work off until
 * that thread has no other task ready, so that replies to a burst of commands are written together.
 */
public final class BurstEnd {

    private BurstEnd() {
    }

    /**
     * Runs {@code work} when the current vehicle thread's burst ends and returns {@code true}; on
     * any other thread returns {@code false} and leaves the work to the caller.
     */
    public static boolean defer(Runnable work) {
        VehicleThread thread = VehicleThread.current();
        if (thread == null) {
            return false;
        }
        thread.defer(work);
        return true;
    }
}
