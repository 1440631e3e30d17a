package dev.teledrive.api;

/**
 * A command's parameters do not fit its {@link CommandSpec}; the message says which and why, and
 * is sent to the client as a {@code bad_message} error.
 */
public class InvalidCommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A sentence for the client naming the parameter and what it must be. */
    public InvalidCommandException(String message) {
        super(message);
    }
}
