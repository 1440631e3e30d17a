package dev.teledrive.server.telemetry;

import java.nio.ByteBuffer;

/** Delivers one encoded telemetry message to every client that should see it. */
public interface TelemetryFanout {

    /** Whether any connection watches this vehicle; if none, its samples are not even encoded. */
    boolean hasAudience(String vehicleId);

    /** Sends one encoded telemetry message to every connection watching the vehicle, without blocking. */
    void broadcast(String vehicleId, ByteBuffer telemetry);
}
