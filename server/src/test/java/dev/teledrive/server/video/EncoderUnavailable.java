package dev.teledrive.server.video;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.FrameSink;
import java.util.function.Consumer;

/** An encoder factory that never starts one, as on a machine without ffmpeg: every h264 viewer hears why. */
public final class EncoderUnavailable implements H264Encoder.Factory {

    @Override
    public H264Encoder start(String cameraId, FrameSink out, Consumer<String> failed) throws CameraException {
        throw new CameraException("H.264 needs ffmpeg on the server, which it cannot run for camera '" + cameraId
                + "': install ffmpeg, or watch with \"codec\":\"jpeg\"");
    }
}
