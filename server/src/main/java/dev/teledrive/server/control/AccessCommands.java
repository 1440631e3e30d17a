package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code auth}: a token proves a role; a driver token also takes its vehicle's seat if it is free. */
final class AccessCommands {

    private static final Logger LOG = LoggerFactory.getLogger(AccessCommands.class);

    private final Authenticator authenticator;
    private final Fleet fleet;
    private final Replies replies;
    private final StateUpdates updates;

    AccessCommands(Authenticator authenticator, Fleet fleet, Replies replies, StateUpdates updates) {
        this.authenticator = authenticator;
        this.fleet = fleet;
        this.replies = replies;
        this.updates = updates;
    }

    void auth(ControlSession session, ClientMessage message) throws ProtocolException {
        JsonNode token = message.field("token");
        if (token == null || !token.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'auth' needs a string 'token'");
        }
        if (!authenticator.required()) {
            replies.ack(session, message);
            return;
        }
        Role role = authenticator.authenticate(token.textValue(), session.remote());
        boolean wasAuthenticated = session.authenticated();
        session.authenticate(role);
        boolean seated = role.mayDrive()
                && session.seatOnAuth()
                && session.vehicle() != null
                && !fleet.drives(session)
                && fleet.seatOf(session).takeIfFree(session);
        LOG.info(
                "{} authenticated as {}",
                session,
                role == Role.ADMIN ? "the admin" : role == Role.DRIVER ? "a driver" : "a spectator");
        replies.ack(session, message);
        if (seated) {
            updates.seatChanged(session.vehicle());
        } else if (!wasAuthenticated) {
            updates.sendState(session);
        }
    }
}
