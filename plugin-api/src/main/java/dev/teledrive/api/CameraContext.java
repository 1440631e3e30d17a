package dev.teledrive.api;

import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;

/**
 * Everything a camera needs from the host, handed to {@link CameraProvider#open(CameraContext)}.
 *
 * @since 1.3.0
 */
public interface CameraContext {

    /**
     * The id of the camera being opened, one of {@link CameraProvider#cameras(Configuration)}.
     *
     * @return the camera id
     */
    String cameraId();

    /**
     * The vehicle this camera belongs to, from its {@link CameraSpec}.
     *
     * @return the vehicle id
     */
    String vehicleId();

    /**
     * The host's configuration; a plugin reads its own keys, by convention prefixed with its id.
     *
     * @return the configuration, read-only
     */
    Configuration configuration();

    /**
     * The clock that stamps {@link VideoFrame#captured()}: the same clock that stamps telemetry,
     * so a client can line frames up with samples.
     *
     * @return the host's clock
     */
    Clock clock();

    /**
     * Where the camera sends its frames.
     *
     * @return the sink; it may be used from any thread, one at a time
     */
    FrameSink frames();

    /**
     * Makes the camera's threads: daemon threads named after the camera, at a lower priority than
     * the threads that carry commands, so video never slows driving. Use it for capture, render
     * and reader threads.
     *
     * @return the thread factory
     */
    ThreadFactory threads();

    /**
     * Reports that the camera stopped working while it was wanted, for example because its device
     * was unplugged and will not come back by itself. The host shows the camera as failed with the
     * reason, beside its vehicle, and asks for it again the next time a viewer arrives. Driving is
     * never affected. A camera that recovers by itself (a restarted child process) need not call
     * this, but may report each outage and then {@link #recovered()}.
     *
     * @param reason a sentence for people saying what happened and what to do next
     */
    void failed(String reason);

    /**
     * Reports that a camera that {@link #failed(String)} delivers frames again. The host also
     * clears the failure by itself when the next frame arrives.
     */
    void recovered();

    /**
     * A logger named after the plugin and camera; one line per event, never secrets.
     *
     * @return the logger, named {@code dev.teledrive.plugin.PLUGIN.camera.CAMERA}
     */
    Logger logger();
}
