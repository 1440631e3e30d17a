package dev.teledrive.server.control;

import dev.teledrive.server.seats.HandOver;

/**
 * What the protocol core reports for the metrics. Called on network and vehicle threads, so an
 * implementation must be cheap and must never block.
 */
public interface ControlEvents {

    /** A vehicle command was answered: with an ack, or not; {@code nanos} from its arrival to the answer. */
    void commandAnswered(boolean acked, long nanos);

    /** An error went to a client, by its protocol code. */
    void errorSent(ErrorCode code);

    /** A driver's connection closed and its vehicle stopped. */
    void driverDisconnected();

    /** A seat changed hands. */
    void seatHandedOver(HandOver.Cause cause, boolean toSomeone);

    /**
     * A telemetry sample was replaced by a newer one before it could be sent: its client reads
     * more slowly than the vehicle samples (by design it then gets the newest only).
     */
    void telemetrySkipped();

    /**
     * Handling a client's message, or a vehicle's answer to one, failed unexpectedly (a bug, in
     * Teledrive or a plugin): the client got {@code internal} and its connection stayed open.
     */
    default void handlerFailed() {}

    /** Reports nothing. */
    ControlEvents NONE = new ControlEvents() {
        @Override
        public void commandAnswered(boolean acked, long nanos) {}

        @Override
        public void errorSent(ErrorCode code) {}

        @Override
        public void driverDisconnected() {}

        @Override
        public void seatHandedOver(HandOver.Cause cause, boolean toSomeone) {}

        @Override
        public void telemetrySkipped() {}
    };
}
