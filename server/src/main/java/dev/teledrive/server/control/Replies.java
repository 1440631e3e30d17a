package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.vehicles.VehicleUnavailableException;
import java.util.concurrent.CompletionException;

/** The answers to one message: an {@code ack} when it carries an id, or the {@code error} that explains a refusal. */
final class Replies {

    private final MessageCodec codec;
    private final ControlEvents events;

    Replies(MessageCodec codec, ControlEvents events) {
        this.codec = codec;
        this.events = events;
    }

    void ack(ControlSession session, ClientMessage message) {
        if (message.id() != null) {
            session.outbox().send(codec.ack(message.id()));
        }
    }

    void error(ControlSession session, JsonNode id, ProtocolException e) {
        error(session, id, e.code(), e.getMessage());
    }

    void error(ControlSession session, JsonNode id, ErrorCode code, String sentence) {
        events.errorSent(code);
        session.outbox().send(codec.error(id, code, sentence));
    }

    /** The reply to a message the vehicles handled: an ack, or the error that explains the failure. */
    void done(ControlSession session, ClientMessage message, Throwable failure) {
        if (failure == null) {
            ack(session, message);
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof VehicleUnavailableException) {
            error(session, message.id(), ErrorCode.VEHICLE_UNAVAILABLE, cause.getMessage());
        } else {
            error(
                    session,
                    message.id(),
                    ErrorCode.INTERNAL,
                    "the vehicle failed on '" + message.command() + "' and was stopped; see the server log");
        }
    }
}
