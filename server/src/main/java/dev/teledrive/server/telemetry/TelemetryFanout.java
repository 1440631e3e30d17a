package dev.teledrive.server.telemetry;

/** Delivers one encoded telemetry message to every client that should see it. */
@FunctionalInterface
public interface TelemetryFanout {

    /** Offers the message to every client; a client still sending the last one keeps only the newest. */
    void broadcast(String message);
}
