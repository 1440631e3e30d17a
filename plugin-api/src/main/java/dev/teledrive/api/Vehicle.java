package dev.teledrive.api;

/**
 * A vehicle the host drives. The host calls every method from the vehicle's own thread (the one
 * behind {@link VehicleContext#scheduler()}), never two at once, so an implementation needs no
 * locks as long as its own scheduled tasks also run on that scheduler. A vehicle that declares
 * {@link #nonBlocking()} may also see {@link #accept} and {@link #stop} on the thread that read
 * the command, still one call at a time, in order, and never during one of its scheduled tasks.
 *
 * <p>The host owns timing and safety: it sends {@link #stop()} when a timed command's duration
 * ends, when the driver goes quiet under a held command (the dead-man), when the driver leaves,
 * when another vehicle is selected and when the server shuts down. A vehicle only carries out
 * what it is told.
 */
public interface Vehicle {

    /**
     * Establishes the link to the machine, if it has one. Called once after
     * {@link VehicleProvider#open(VehicleContext)} and again when the host retries after a failure.
     * When it returns normally the host reports the vehicle as connected; later changes are
     * reported through {@link VehicleContext#connectionChanged(ConnectionState, String)}.
     *
     * @throws VehicleException with the user's next step, when the link cannot be made
     */
    default void connect() throws VehicleException {
    }

    /**
     * Carries out a command from the vocabulary, already checked against its
     * {@link CommandSpec}. For a {@link CommandKind#TIMED} command the host calls {@link #stop()}
     * when {@link Command#duration()} has passed; the vehicle does not time it itself.
     *
     * @throws VehicleException when the machine cannot do it now (for example the link is down)
     */
    void accept(Command command) throws VehicleException;

    /**
     * Stops all motion now. Must always be safe to call, whatever state the vehicle is in, and
     * should do its best even when the link is failing.
     *
     * @throws VehicleException when the stop could not be delivered
     */
    void stop() throws VehicleException;

    /** Releases the link and any resources. The vehicle has been stopped before this is called. */
    void close();

    /**
     * Whether {@link #accept} and {@link #stop} always return at once: no I/O that can wait, no
     * sleeping, no lock another thread may hold for long, and never waiting for a task of its own
     * scheduler (that task waits for the call to end). A vehicle that says so lets the host
     * carry out a command on the thread that read it whenever the vehicle's own thread has nothing
     * waiting, which saves a thread hand-off, most of a command's cost, on every command. Calls
     * stay one at a time and in order, with each call's effects visible to the next and to the
     * scheduled tasks, so such a vehicle still needs no locks. A vehicle behind a radio or serial
     * link must answer {@code false}: a write that waits would hold up a network thread.
     *
     * @since 1.2.0
     */
    default boolean nonBlocking() {
        return false;
    }
}
