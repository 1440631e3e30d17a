package dev.teledrive.api;

/**
 * Receives a camera's frames. Publishing never blocks: each viewer keeps only the newest frame it
 * has not yet been sent (latest wins), so a slow viewer skips frames and never slows the camera.
 *
 * @since 1.3.0
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * Hands one frame to every viewer of its codec. Returns at once; may be called from any thread,
     * but from one at a time, in capture order.
     *
     * @param frame the frame; its bytes must not change afterwards
     */
    void publish(VideoFrame frame);
}
