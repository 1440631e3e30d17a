package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.security.VideoTickets;

/**
 * {@code ticket}: a short-lived ticket that opens {@code /video} and {@code .mjpg} streams for this
 * connection's role, so a token never has to appear in a URL. Any role that may watch gets one.
 */
final class VideoCommands {

    private final VideoTickets tickets;
    private final MessageCodec codec;

    VideoCommands(VideoTickets tickets, MessageCodec codec) {
        this.tickets = tickets;
        this.codec = codec;
    }

    void ticket(ControlSession session, ClientMessage message) throws ProtocolException {
        VideoTickets.Ticket ticket;
        try {
            ticket = tickets.issue(session.roleName(), new VideoTickets.Holder(session.id(), session.remote()));
        } catch (VideoTickets.Refused e) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, e.getMessage());
        }
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("type", "ticket");
        if (message.id() != null) {
            n.set("id", message.id());
        }
        n.put("ticket", ticket.value());
        n.put("expiresAt", ticket.expiresAt());
        session.outbox().send(n.toString());
    }
}
