package dev.teledrive.server.control;

import dev.teledrive.server.seats.Seat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code claim}, {@code release} and {@code skip}: asking for the seat of the connection's own
 * vehicle (or a place in its queue), giving it up, and the admin ending a turn.
 */
final class SeatCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SeatCommands.class);

    private final Fleet fleet;
    private final Replies replies;
    private final StateUpdates updates;

    SeatCommands(Fleet fleet, Replies replies, StateUpdates updates) {
        this.fleet = fleet;
        this.replies = replies;
        this.updates = updates;
    }

    void claim(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!session.mayDrive()) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "a spectator token cannot drive");
        }
        String vehicle = session.vehicle();
        Seat<ControlSession> seat = fleet.seat(vehicle);
        ControlSession before = seat.driver();
        Seat.Claim outcome = seat.claim(session, session.admin());
        if (outcome == Seat.Claim.REFUSED) {
            throw new ProtocolException(
                    ErrorCode.RATE_LIMITED,
                    "your address already waits in " + seat.rules().placesPerAddress() + " places of the queue for '"
                            + vehicle + "' (turns.placesPerAddress), so others get a turn too: claim again once one"
                            + " of them drives or leaves");
        }
        replies.ack(session, message);
        switch (outcome) {
            case DRIVING -> {
                if (before != null && before != session) {
                    LOG.info("the admin ({}) takes '{}' from {}: stopping it", session, vehicle, before);
                } else {
                    LOG.info("{} takes the seat of '{}'", session, vehicle);
                }
                updates.seatChanged(vehicle);
            }
            case QUEUED -> {
                LOG.debug("{} waits for '{}'", session, vehicle);
                updates.seatChanged(vehicle);
            }
            case UNCHANGED, REFUSED -> {
                // Claiming while driving or waiting changes nothing; the ack says so.
            }
        }
    }

    void release(ControlSession session, ClientMessage message) throws ProtocolException {
        String vehicle = session.vehicle();
        boolean drove = fleet.drives(session);
        if (!fleet.seat(vehicle).leave(session)) {
            throw new ProtocolException(
                    ErrorCode.NOT_DRIVER,
                    "there is no seat to release: this connection neither drives nor waits for '" + vehicle + "'");
        }
        if (drove) {
            LOG.info("{} releases the seat of '{}': stopping it", session, vehicle);
        }
        replies.ack(session, message);
        updates.seatChanged(vehicle);
    }

    void skip(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!session.admin()) {
            throw new ProtocolException(ErrorCode.NOT_DRIVER, "only the admin token may end someone's turn");
        }
        String vehicle = session.vehicle();
        ControlSession ended = fleet.seat(vehicle).driver();
        boolean skipped = fleet.seat(vehicle).skip();
        replies.ack(session, message);
        if (skipped) {
            LOG.info("the admin ({}) ends the turn of {} on '{}': stopping it", session, ended, vehicle);
            updates.seatChanged(vehicle);
        }
    }
}
