package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.seats.Seat;
import dev.teledrive.server.vehicles.VehicleRegistry;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resume}: a new connection takes back the place a dropped one held (PROTOCOL.md, "Resume"),
 * even when this server has not yet noticed the drop, and the end of a grace period that nobody
 * claimed.
 */
final class ResumeCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeCommands.class);

    private final HeldPlaces held;
    private final Fleet fleet;
    private final VehicleRegistry vehicles;
    private final Replies replies;
    private final StateUpdates updates;
    private final Connections connections;
    private final BiConsumer<ControlSession, String> endSuperseded;

    /**
     * @param connections the open connections, where a token's connection may still be
     * @param endSuperseded ends a connection that a newer one takes over, as its transport closing would
     *                      (its car stops, its place is held), then closes it with the reason given
     */
    ResumeCommands(
            HeldPlaces held,
            Fleet fleet,
            VehicleRegistry vehicles,
            Replies replies,
            StateUpdates updates,
            Connections connections,
            BiConsumer<ControlSession, String> endSuperseded) {
        this.held = held;
        this.fleet = fleet;
        this.vehicles = vehicles;
        this.replies = replies;
        this.updates = updates;
        this.connections = connections;
        this.endSuperseded = endSuperseded;
    }

    /**
     * Moves the connection to the held place's vehicle, giving up its own place first, and puts it
     * in the held place: the seat, or the same place in the queue. An unknown, spent or expired
     * token changes nothing.
     */
    void resume(ControlSession session, ClientMessage message) throws ProtocolException {
        JsonNode token = message.field("token");
        if (token == null || !token.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'resume' needs the string 'token' of an earlier hello");
        }
        supersede(token.textValue(), session);
        HeldPlaces.Held place = held.take(token.textValue(), session)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_RESUMABLE,
                        "nothing is held for this token: it is unknown, used already, or older than "
                                + held.grace().toSeconds()
                                + " s; this connection stays as it is (send claim to queue again)"));
        String vehicle = place.vehicle();
        if (vehicles.find(vehicle).isEmpty()) {
            free(place);
            throw new ProtocolException(
                    ErrorCode.NOT_RESUMABLE, "the vehicle '" + vehicle + "' went away while the place was held");
        }
        String before = session.vehicle();
        fleet.watch(session, vehicle); // first, so the old vehicle's watchers' news is not this connection's
        if (before != null && fleet.seat(before).leave(session)) {
            updates.seatChanged(before);
        }
        Seat<ControlSession> seat = fleet.seat(vehicle);
        boolean placed = seat.replace(place.session(), session);
        LOG.info("{} resumes the place of {} on '{}'", session, place.session(), vehicle);
        replies.ack(session, message);
        if (placed) {
            updates.seatChanged(vehicle);
        } else {
            updates.sendState(session); // the place ended meanwhile (an idle driver's): the selection comes back
        }
    }

    /**
     * Ends the connection this token was given to if it is still open here: its client lost it and
     * is back on a new one before this server noticed (a phone that changed networks keeps its old
     * TCP connection open for minutes; a site learns that a hub died only after 3 s of silence).
     * Ended as a dropped connection is, its car stops and its place is held, for this resume to take.
     */
    private void supersede(String token, ControlSession heir) throws ProtocolException {
        if (held.grace().isZero()) {
            return; // nothing would be held for the resume: the old connection stays as it is
        }
        var predecessor = connections.withToken(token).filter(old -> old != heir);
        if (predecessor.isEmpty()) {
            return;
        }
        ControlSession old = predecessor.get();
        if (old.mayDrive() && !heir.mayDrive()) {
            throw new ProtocolException(
                    ErrorCode.UNAUTHORIZED,
                    "this place is a driver's: authenticate with a driver token first, then resume");
        }
        LOG.info("{} resumes {}, which is still open here: ending it first", heir, old);
        endSuperseded.accept(old, "resumed on another connection");
    }

    /** A held place whose grace ran out: it frees as on a release (the vehicle stopped long ago). */
    void expired(HeldPlaces.Held place) {
        if (fleet.seat(place.vehicle()).leave(place.session())) {
            LOG.info(
                    "the place of {} on '{}' was not resumed in time and is given up",
                    place.session(),
                    place.vehicle());
            updates.seatChanged(place.vehicle());
        }
    }

    private void free(HeldPlaces.Held place) {
        fleet.seat(place.vehicle()).leave(place.session());
    }
}
