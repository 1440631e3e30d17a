package dev.teledrive.api;

/** The state of the link between the host and a vehicle. */
public enum ConnectionState {
    /**
     * The link to the machine was lost. (Clients see a vehicle that nobody opened yet as
     * {@code idle}, a word of the host's own.)
     */
    DISCONNECTED,
    /** Opening or reconnecting. */
    CONNECTING,
    /** Ready for commands. */
    CONNECTED,
    /** The last attempt failed; the reason says what to do next. */
    FAILED;

    /**
     * Whether commands can be sent now. Stops are sent in every state.
     *
     * @return {@code true} for {@link #CONNECTED} only
     */
    public boolean isConnected() {
        return this == CONNECTED;
    }
}
