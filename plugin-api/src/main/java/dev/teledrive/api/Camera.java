package dev.teledrive.api;

import java.util.Set;

/**
 * A camera the host streams to viewers. It runs only while someone watches: the host says which
 * codecs are watched through {@link #demand(Set)}, and an empty set means nobody watches, so an
 * idle machine spends nothing on video.
 *
 * <p>The host calls these methods from one thread at a time, never from a vehicle's or a network
 * thread, and never two at once. Frames go to {@link CameraContext#frames()} from whatever thread
 * the camera captures on.
 *
 * @since 1.3.0
 */
public interface Camera {

    /**
     * The codecs this camera encodes itself. Where ffmpeg is installed, the host encodes H.264 from
     * a camera's JPEG frames for viewers who ask for it, so a camera that only makes JPEG still
     * serves both. A camera that can make H.264 more cheaply itself (a hardware encoder) says so.
     *
     * @return the codecs, never empty; the default is JPEG alone
     */
    default Set<VideoCodec> codecs() {
        return Set.of(VideoCodec.JPEG);
    }

    /**
     * Says which of {@link #codecs()} viewers watch now. Called with a non-empty set when the first
     * viewer arrives and whenever the set changes, and with an empty set when the last viewer
     * leaves: stop capturing then, and release the device or child process. It may be called again
     * with a non-empty set later.
     *
     * <p>Return promptly: start capturing on the camera's own threads
     * ({@link CameraContext#threads()}), not on the caller's.
     *
     * @param codecs the codecs watched now; empty to stop
     * @throws CameraException with the user's next step, when the camera cannot start; the camera
     *                         shows as failed with the message as reason, and the host tries again
     *                         when the next viewer arrives
     */
    void demand(Set<VideoCodec> codecs) throws CameraException;

    /**
     * Releases everything: called once, after {@code demand} with an empty set, when the camera's
     * plugin is unloaded or the server stops. Child processes must be gone when it returns.
     */
    void close();
}
