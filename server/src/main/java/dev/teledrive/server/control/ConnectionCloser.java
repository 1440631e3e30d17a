package dev.teledrive.server.control;

/** Closes one WebSocket connection with a close code; the other WebSocket seam of a session. */
@FunctionalInterface
interface ConnectionCloser {

    void close(int code, String reason);
}
