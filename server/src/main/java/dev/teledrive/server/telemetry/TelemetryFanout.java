package dev.teledrive.server.telemetry;

import java.nio.ByteBuffer;

/** Delivers one encoded telemetry message to every client that should see it. */
public interface TelemetryFanout {

    /** Whether any connection watches this vehicle; if none, its samples are not even encoded. */
    boolean hasAudience(String vehicleId);

    /** Sends one encoded telemetry message to every connection watching the vehicle, without blocking. */
    void broadcast(String vehicleId, ByteBuffer telemetry);

    /**
     * Where one copy of a sample goes for all the connections that came through hubs: a site sends
     * it once, however many watch, and each hub fans it out to its own clients.
     */
    @FunctionalInterface
    interface Relayed {
        /** One sample, encoded; called on the fan-out thread, so it must not block. */
        void sample(String vehicleId, ByteBuffer telemetry);
    }
}
