package dev.teledrive.server.control;

import java.util.Locale;

/** The error codes of PROTOCOL.md, and nothing else. */
public enum ErrorCode {
    BAD_JSON,
    BAD_MESSAGE,
    UNKNOWN_COMMAND,
    NOT_DRIVER,
    UNAUTHORIZED,
    RATE_LIMITED,
    VEHICLE_UNAVAILABLE,
    NOT_RESUMABLE,
    INTERNAL;

    /** The code as it appears on the wire, such as {@code bad_json}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
