package dev.teledrive.api;

/**
 * A vehicle the host drives. The host calls every method from the vehicle's own thread (the one
 * behind {@link VehicleContext#scheduler()}), never two at once, so an implementation needs no
 * locks as long as its own scheduled tasks also run on that scheduler. A vehicle that declares
 * {@link #nonBlocking()} may also see {@link #accept(Command)} and {@link #stop()} on the thread that read
 * the command, still one call at a time, in order, and never during one of its scheduled tasks.
 *
 * <p>The host owns timing and safety, and tells two kinds of end apart. {@link #timeUp(Command)}
 * ends a timed command whose duration has run out (an arrow key's short move): only that
 * command's motion needs to end. {@link #stop()} is the safety stop, which must leave the
 * machine safe: the host sends it for the driver's own {@code stop}, when the driver goes quiet
 * under a held command (the dead-man), when the driver leaves, releases the seat or loses it,
 * when another vehicle is selected, when a plugin call fails, when the plugin is unloaded and
 * when the server shuts down. A vehicle only carries out what it is told.
 *
 * <p>The host also owns the vehicle's scheduled work: whatever it scheduled on
 * {@link VehicleContext#scheduler()} is cancelled when the vehicle fails, before the host calls
 * {@link #connect()} again, and when it is closed (see {@link VehicleContext#scheduler()}).
 */
public interface Vehicle {

    /**
     * Establishes the link to the machine, if it has one. Called once after
     * {@link VehicleProvider#open(VehicleContext)} and again when the host retries after a failure.
     * When it returns normally the host reports the vehicle as connected; later changes are
     * reported through {@link VehicleContext#connectionChanged(ConnectionState, String)}.
     * The host sets the state from this call's outcome, so report nothing from inside it.
     *
     * <p>It may take seconds (a radio link), up to the host's {@code vehicles.connectSeconds} (10 s
     * by default): meanwhile clients see the vehicle connecting and their commands are refused, not
     * held. A call that misses that deadline is interrupted and the vehicle shows as failed; if it
     * returns later, the host counts it as failed all the same and cancels what it scheduled. It is
     * called again whenever someone selects the vehicle while it is not connected, which includes
     * while you report {@link ConnectionState#CONNECTING} yourself, so it must cope with a link that
     * is already being opened. Before each call nothing the vehicle scheduled earlier is still
     * scheduled: start your ticks here, every time.
     *
     * @throws VehicleException with the user's next step, when the link cannot be made; the vehicle
     *                          shows as {@link ConnectionState#FAILED} with the message as reason
     */
    default void connect() throws VehicleException {}

    /**
     * Carries out a command from the vocabulary, already checked against its
     * {@link CommandSpec}. For a {@link CommandKind#TIMED} command the host calls
     * {@link #timeUp(Command)} when {@link Command#duration()} has passed, unless another command
     * came first; the vehicle does not time it itself.
     *
     * <p>Return as soon as the command is under way: the driver's {@code ack} goes out when this
     * returns, and a call that takes longer than {@code control.commandTimeoutMillis} (2 s by
     * default) counts as a stuck plugin and marks the vehicle failed. Only called while the vehicle
     * is connected. An unchecked exception stops the vehicle and marks it failed.
     *
     * @param command a command of this vehicle's vocabulary, with typed arguments; it carries a
     *                duration only when it is timed
     * @throws VehicleException when the machine cannot do it now (for example the link is down); the
     *                          driver gets a {@code vehicle_unavailable} error with the message, and
     *                          the vehicle stays connected
     */
    void accept(Command command) throws VehicleException;

    /**
     * The safety stop: stops all motion now and leaves the machine safe. Must always be safe to
     * call, whatever state the vehicle is in, and should do its best even when the link is failing.
     * The host calls it whether or not the vehicle is connected, and may call it when nothing moves;
     * the class comment lists when. The end of a timed command is {@link #timeUp(Command)} instead.
     *
     * @throws VehicleException when the stop could not be delivered and the machine may still be
     *                          moving. The host does not pretend otherwise: the driver's {@code stop}
     *                          is answered {@code vehicle_unavailable}, never acknowledged, and the
     *                          vehicle shows as failed with the message, refusing commands, until a
     *                          later stop succeeds (the driver's next {@code stop}, or the one the
     *                          host sends after connecting it again). Throw only when that is true
     */
    void stop() throws VehicleException;

    /**
     * Ends a timed command whose duration has run out: the host calls it on the vehicle's thread
     * once {@link Command#duration()} has passed since {@link #accept(Command)} took {@code timed},
     * unless another command or a stop came first. Only that command's motion needs to end: a
     * turret whose safety stop also switches its laser off keeps the laser on here.
     *
     * <p>The default calls {@link #stop()}, which is what plugins built for API 1.3 and earlier
     * get. If it throws, the host falls back to {@link #stop()}.
     *
     * @param timed the timed command whose time is up, as {@link #accept(Command)} received it
     * @throws VehicleException when the motion could not be ended
     * @since 1.4.0
     */
    default void timeUp(Command timed) throws VehicleException {
        stop();
    }

    /**
     * Releases the link and any resources. The vehicle has been stopped before this is called.
     * Called once, on the vehicle's thread, when its plugin is unloaded or the server shuts down;
     * selecting another vehicle only stops this one. The host waits 2 s at most, then ends the
     * thread, dropping any task still scheduled on it. An unchecked exception is logged.
     */
    void close();

    /**
     * Whether {@link #accept(Command)} and {@link #stop()} always return at once: no I/O that can wait, no
     * sleeping, no lock another thread may hold for long, and never waiting for a task of its own
     * scheduler (that task waits for the call to end). A vehicle that says so lets the host
     * carry out a command on the thread that read it whenever the vehicle's own thread has nothing
     * waiting, which saves a thread hand-off, most of a command's cost, on every command. Calls
     * stay one at a time and in order, with each call's effects visible to the next and to the
     * scheduled tasks, so such a vehicle still needs no locks. A vehicle behind a radio or serial
     * link must answer {@code false}: a write that waits would hold up a network thread.
     *
     * @return {@code true} only if {@link #accept(Command)} and {@link #stop()} never wait; the host asks after
     *         each successful {@link #connect()}. The default {@code false} is always safe
     * @since 1.2.0
     */
    default boolean nonBlocking() {
        return false;
    }
}
