package dev.teledrive.api;

/**
 * Receives a vehicle's telemetry. Publishing never blocks: clients that cannot keep up skip
 * samples (latest wins), they never slow the vehicle down.
 */
@FunctionalInterface
public interface TelemetrySink {

    /**
     * Publishes one sample; the host adds the vehicle id, a sequence number and a time stamp.
     * Returns at once, from any thread. Only the selected vehicle's samples reach clients, and
     * only while someone is connected; the others are dropped, but still numbered, so a gap in
     * {@code seq} means samples were missed.
     *
     * @param sample the sample
     */
    void publish(Telemetry sample);
}
