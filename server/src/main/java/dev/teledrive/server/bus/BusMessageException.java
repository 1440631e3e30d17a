package dev.teledrive.server.bus;

/** A message from the bus that is dropped: too large, unreadable, or not what its subject promises. */
public final class BusMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public BusMessageException(String message) {
        super(message);
    }
}
