package dev.teledrive.server.telemetry;

import java.nio.ByteBuffer;

/** Delivers one encoded telemetry message to every client that should see it. */
public interface TelemetryFanout {

    /** Whether any client would receive a broadcast now; when none would, samples are not even encoded. */
    boolean hasAudience();

    /**
     * Offers the message to every client; a client still sending the last one keeps only the
     * newest. The UTF-8 bytes are shared by every client: nobody may change them.
     */
    void broadcast(ByteBuffer utf8);
}
