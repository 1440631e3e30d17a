package dev.teledrive.api;

/**
 * Receives a vehicle's telemetry. Publishing never blocks: clients that cannot keep up skip
 * samples (latest wins), they never slow the vehicle down.
 */
@FunctionalInterface
public interface TelemetrySink {

    /** Publishes one sample; the host adds the vehicle id, a sequence number and a time stamp. */
    void publish(Telemetry sample);
}
