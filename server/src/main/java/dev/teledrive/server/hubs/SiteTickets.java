package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.security.VideoTickets;
import java.io.IOException;

/**
 * The video tickets a hub's clients get from their sites: a client asks its site with
 * {@code ticket} over {@code /ws}, and the site answers; the hub notes each ticket that passes
 * through it, so the ticket opens the hub's {@code /video} and {@code .mjpg} URLs, where the site
 * is not there to check it. They are held to the bounds of the hub's own {@link VideoTickets}; a
 * ticket beyond them reaches the client as the error a plain server would give.
 */
final class SiteTickets {

    /** How a site's {@code ticket} reply begins, as its protocol core writes it. */
    static final String PREFIX = "{\"type\":\"ticket\"";

    private final VideoTickets tickets;
    private final HubMessages messages;
    private final ObjectMapper json = new ObjectMapper();

    SiteTickets(VideoTickets tickets, HubMessages messages) {
        this.tickets = tickets;
        this.messages = messages;
    }

    /**
     * A site's reply to one of this hub's clients: a ticket is noted, and the reply goes on as it
     * was, or as an error when the hub cannot hold one more ticket for this client.
     */
    String relay(String text, String connection, String remote) {
        if (!text.startsWith(PREFIX)) {
            return text;
        }
        JsonNode reply;
        try {
            reply = json.readTree(text);
        } catch (IOException e) {
            return text;
        }
        if (!reply.path("ticket").isTextual() || !reply.path("expiresAt").canConvertToLong()) {
            return text;
        }
        try {
            tickets.admit(
                    reply.get("ticket").asText(),
                    reply.get("expiresAt").asLong(),
                    VideoTickets.RELAYED,
                    new VideoTickets.Holder("hub " + connection, remote));
            return text;
        } catch (VideoTickets.Refused e) {
            return messages.error(reply.get("id"), "rate_limited", e.getMessage());
        }
    }
}
