package dev.teledrive.server.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code claim} and {@code release}: asking for the driver seat and giving it up. */
final class SeatCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SeatCommands.class);

    private final Seat seat;
    private final Replies replies;
    private final StateUpdates updates;

    SeatCommands(Seat seat, Replies replies, StateUpdates updates) {
        this.seat = seat;
        this.replies = replies;
        this.updates = updates;
    }

    void claim(ControlSession session, ClientMessage message) throws ProtocolException {
        if (seat.isHeldBy(session)) {
            replies.ack(session, message);
            return;
        }
        if (!session.mayDrive()) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "a spectator token cannot drive");
        }
        if (session.admin()) {
            ControlSession previous = seat.takeOver(session);
            if (previous != null) {
                LOG.info("the admin ({}) takes the seat from {}: the vehicle was stopped", session, previous);
            }
        } else if (!seat.claim(session)) {
            throw new ProtocolException(
                    ErrorCode.NOT_DRIVER, "another connection is driving; wait until it releases the seat");
        }
        LOG.info("{} takes the driver seat", session);
        replies.ack(session, message);
        updates.seatChanged();
    }

    void release(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!seat.release(session)) {
            throw new ProtocolException(
                    ErrorCode.NOT_DRIVER, "there is no seat to release: this connection is not driving");
        }
        LOG.info("{} releases the driver seat: the vehicle was stopped", session);
        replies.ack(session, message);
        updates.seatChanged();
    }
}
