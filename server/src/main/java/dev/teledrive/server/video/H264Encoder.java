package dev.teledrive.server.video;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoFrame;

/**
 * Turns one camera's JPEG frames into H.264 access units, for viewers who ask for {@code h264} of a
 * camera that makes only JPEG. One encoder per camera, running only while such a viewer watches.
 */
public interface H264Encoder extends AutoCloseable {

    /**
     * Hands over one JPEG frame. Never blocks: when the encoder is still busy with earlier frames,
     * this one is dropped (latest wins), as a slow viewer would drop it.
     */
    void encode(VideoFrame jpeg);

    /** Ends the encoder; any child process is gone when this returns. Idempotent. */
    @Override
    void close();

    /** Starts encoders. */
    interface Factory {
        /**
         * Starts an encoder whose access units go to {@code out}, each keeping the capture time of
         * the JPEG it came from; the first is a key frame, and a key frame follows at least every
         * second.
         *
         * @param failed told, once, when the encoder stops working by itself, with a sentence for people
         * @throws CameraException with the user's next step, such as installing ffmpeg
         */
        H264Encoder start(String cameraId, FrameSink out, java.util.function.Consumer<String> failed)
                throws CameraException;
    }
}
