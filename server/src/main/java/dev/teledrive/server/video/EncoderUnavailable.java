package dev.teledrive.server.video;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.FrameSink;
import java.util.function.Consumer;

/** The encoder factory until the host's ffmpeg encoder is wired: every h264 viewer of a JPEG camera hears why. */
public final class EncoderUnavailable implements H264Encoder.Factory {

    @Override
    public H264Encoder start(String cameraId, FrameSink out, Consumer<String> failed) throws CameraException {
        throw new CameraException("H.264 needs ffmpeg on the server, and this build cannot run it yet for camera '"
                + cameraId + "': watch with \"codec\":\"jpeg\"");
    }
}
