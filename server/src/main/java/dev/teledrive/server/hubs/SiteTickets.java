package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.control.ErrorCode;
import dev.teledrive.server.security.VideoTickets;

/**
 * The video tickets a hub's clients get from their sites: a client asks its site with
 * {@code ticket} over {@code /ws}, and the site answers; the hub notes each ticket that passes
 * through it, so the ticket opens the hub's {@code /video} and {@code .mjpg} URLs, where the site
 * is not there to check it. They are held to the bounds of the hub's own {@link VideoTickets}; a
 * ticket beyond them reaches the client as the error a plain server would give.
 */
final class SiteTickets {

    private final VideoTickets tickets;
    private final HubMessages messages;

    SiteTickets(VideoTickets tickets, HubMessages messages) {
        this.tickets = tickets;
        this.messages = messages;
    }

    /**
     * A site's frame for one of this hub's clients, as the client is to get it: a ticket reply is
     * noted and goes on as it was, or as an error when the hub cannot hold one more ticket for
     * this client; any other frame goes on as it was.
     */
    String relay(ObjectNode frame, String connection, String remote) {
        if (!"ticket".equals(HubMessages.type(frame))
                || !frame.path("ticket").isTextual()
                || !frame.path("expiresAt").canConvertToLong()) {
            return frame.toString();
        }
        try {
            tickets.admit(
                    frame.get("ticket").asText(),
                    frame.get("expiresAt").asLong(),
                    VideoTickets.RELAYED,
                    new VideoTickets.Holder("hub " + connection, remote));
            return frame.toString();
        } catch (VideoTickets.Refused e) {
            return messages.error(frame.get("id"), ErrorCode.RATE_LIMITED, e.getMessage());
        }
    }
}
