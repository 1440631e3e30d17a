package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decoded client message.
 *
 * @param command the {@code command} field
 * @param id      the {@code id} to echo in the reply, or {@code null} when the client wants no ack
 * @param body    the whole message, for command parameters
 */
record ClientMessage(String command, JsonNode id, ObjectNode body) {

    /** A field of the message, or {@code null}. */
    JsonNode field(String name) {
        return body.get(name);
    }
}
