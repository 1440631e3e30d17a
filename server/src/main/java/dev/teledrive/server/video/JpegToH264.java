package dev.teledrive.server.video;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The h264 made from a JPEG-only camera's frames, for its h264 viewers: at most one
 * {@link H264Encoder} at a time. Started and stopped on the camera's own background thread; fed on
 * the camera's frame thread, which only reads the current encoder.
 */
final class JpegToH264 {

    private static final Logger LOG = LoggerFactory.getLogger(JpegToH264.class);

    private final String cameraId;
    private final H264Encoder.Factory encoders;
    private final FrameSink out;

    /** Read by the camera's thread for each JPEG frame. */
    private volatile H264Encoder encoder;

    /**
     * @param out takes the encoded h264 frames
     */
    JpegToH264(String cameraId, H264Encoder.Factory encoders, FrameSink out) {
        this.cameraId = cameraId;
        this.encoders = encoders;
        this.out = out;
    }

    boolean running() {
        return encoder != null;
    }

    /** Whether {@code which} is the encoder running now, so a late report of an old one is ignored. */
    boolean isCurrent(H264Encoder which) {
        return which == encoder;
    }

    /**
     * Starts an encoder.
     *
     * @param failed told, on the encoder's thread, which encoder stopped by itself and why
     * @throws CameraException when none can start
     */
    void start(EncoderFailure failed) throws CameraException {
        H264Encoder[] started = new H264Encoder[1];
        started[0] = encoders.start(cameraId, out, reason -> failed.stopped(started[0], reason));
        encoder = started[0];
        LOG.info("camera '{}': encoding h264 from its JPEG frames", cameraId);
    }

    /** A JPEG frame of the camera, encoded when an encoder runs. */
    void encode(VideoFrame jpeg) {
        H264Encoder e = encoder;
        if (e != null) {
            e.encode(jpeg);
        }
    }

    /** Stops the encoder, if one runs. */
    void stop() {
        H264Encoder e = encoder;
        encoder = null;
        if (e != null) {
            try {
                e.close();
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("camera '{}': closing the h264 encoder failed: {}", cameraId, failure.toString());
            }
        }
    }

    /** An encoder that stopped by itself. */
    @FunctionalInterface
    interface EncoderFailure {
        void stopped(H264Encoder which, String reason);
    }
}
