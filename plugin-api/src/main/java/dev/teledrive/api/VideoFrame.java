package dev.teledrive.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One encoded picture from a {@link Camera}.
 *
 * <p>The host neither copies nor changes {@code data}: it sends the same bytes to every viewer, so
 * the camera must not touch the array after publishing it.
 *
 * @param codec    how {@code data} is encoded
 * @param data     the encoded picture: a whole JPEG, or one H.264 access unit
 * @param captured when the picture was taken, read from {@link CameraContext#clock()} as close to
 *                 the sensor as the camera can; clients measure their video latency from it
 * @param key      whether a decoder can start on this frame (always {@code true} for JPEG)
 * @param width    the picture's width in pixels
 * @param height   the picture's height in pixels
 * @since 1.3.0
 */
public record VideoFrame(VideoCodec codec, byte[] data, Instant captured, boolean key, int width, int height) {

    /**
     * Checks the frame.
     *
     * @param codec    how {@code data} is encoded
     * @param data     the encoded picture
     * @param captured when the picture was taken
     * @param key      whether a decoder can start on this frame
     * @param width    the width in pixels
     * @param height   the height in pixels
     * @throws NullPointerException     if {@code codec}, {@code data} or {@code captured} is {@code null}
     * @throws IllegalArgumentException if {@code data} is empty, the size is not positive, or a JPEG
     *                                  frame is not marked as a key frame
     */
    public VideoFrame {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(captured, "captured");
        if (data.length == 0) {
            throw new IllegalArgumentException("a video frame needs data");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a video frame's size must be positive, not " + width + "x" + height);
        }
        if (codec == VideoCodec.JPEG && !key) {
            throw new IllegalArgumentException("every JPEG frame is a key frame");
        }
    }

    /**
     * A JPEG picture.
     *
     * @param jpeg     a complete JPEG image
     * @param captured when it was taken
     * @param width    the width in pixels
     * @param height   the height in pixels
     * @return the frame
     */
    public static VideoFrame jpeg(byte[] jpeg, Instant captured, int width, int height) {
        return new VideoFrame(VideoCodec.JPEG, jpeg, captured, true, width, height);
    }
}
