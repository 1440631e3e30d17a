package dev.teledrive.api;

/**
 * A command's parameters do not fit its {@link CommandSpec}; the message says which and why, and
 * is sent to the client as a {@code bad_message} error.
 * {@link CommandSpec#bind(java.util.Map, java.time.Duration) CommandSpec.bind} and
 * {@link ParameterSpec#bind(Object)} throw it; a vehicle reports its own refusals with
 * {@link VehicleException}.
 */
public class InvalidCommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal for the client.
     *
     * @param message a sentence naming the parameter and what it must be, such as
     *                {@code 'data' must be from 0 to 255, not 256}
     */
    public InvalidCommandException(String message) {
        super(message);
    }
}
