package dev.teledrive.plugins.ffmpegcamera;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.plugins.ffmpegcamera.process.Redact;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A camera read through ffmpeg: ffmpeg runs only while someone watches, and its JPEG frames go to
 * the host as they come. The host encodes H.264 from them when a viewer wants it.
 */
final class FfmpegCamera implements Camera {

    private final CameraContext context;
    private final List<String> command;
    private final Backoff backoff;
    private final Duration stall;
    private Capture capture; // the host calls one method at a time
    private boolean closed;

    FfmpegCamera(CameraContext context, CameraSettings settings, Backoff backoff, Duration stall) {
        this.context = context;
        this.command = settings.command();
        this.backoff = backoff;
        this.stall = stall;
    }

    @Override
    public Set<VideoCodec> codecs() {
        return Set.of(VideoCodec.JPEG);
    }

    @Override
    public void demand(Set<VideoCodec> codecs) throws CameraException {
        if (closed) {
            throw new IllegalStateException("camera '" + context.cameraId() + "' is closed");
        }
        if (codecs.isEmpty()) {
            stopCapture();
        } else if (capture == null) {
            context.logger().debug("camera '{}' runs {}", context.cameraId(), Redact.passwords(command.toString()));
            capture = Capture.start(context, command, backoff, stall);
        }
    }

    @Override
    public void close() {
        stopCapture();
        closed = true;
    }

    private void stopCapture() {
        if (capture != null) {
            capture.stop();
            capture = null;
        }
    }
}
