package dev.teledrive.api;

/**
 * A vehicle could not do what it was asked. The message is shown to the driver and logged, so it
 * says what happened and the user's next step, for example "no Bluetooth adapter found: install
 * BlueZ and libbluetooth-dev, or choose the simulator".
 */
public class VehicleException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A failure described for people.
     *
     * @param message what happened and the user's next step, one sentence
     */
    public VehicleException(String message) {
        super(message);
    }

    /**
     * A failure described for people, with its technical cause.
     *
     * @param message what happened and the user's next step, one sentence
     * @param cause   the underlying failure, such as an {@code IOException}. The host logs the
     *                message of a failed connect or command but not always the cause, so put what
     *                the user needs in {@code message}
     */
    public VehicleException(String message, Throwable cause) {
        super(message, cause);
    }
}
