package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;

/** A message is refused; the client gets an {@code error} with this code and sentence. */
final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient JsonNode id;

    ProtocolException(ErrorCode code, String message) {
        this(null, code, message);
    }

    /** A refusal found after the message's id was read, so the error can carry it. */
    ProtocolException(JsonNode id, ErrorCode code, String message) {
        super(message, null, false, false); // refused input is routine: no stack trace needed
        this.code = code;
        this.id = id;
    }

    ErrorCode code() {
        return code;
    }

    /** The id of the refused message, when it had a valid one. */
    JsonNode id() {
        return id;
    }
}
