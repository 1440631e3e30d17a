package dev.teledrive.server.vehicles;

/** The selected or named vehicle cannot take commands now; the message says why and what to do. */
public final class VehicleUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public VehicleUnavailableException(String message) {
        super(message);
    }
}
