package dev.teledrive.plugins.donkeycar.video;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.plugins.donkeycar.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;

/**
 * A Donkeycar's camera, read from its web controller's {@code /video} MJPEG stream: the stream is
 * open only while someone watches, and its pictures go to the host as they come.
 */
public final class MjpegCamera implements Camera {

    /**
     * How long the stream may go without a picture before it is opened again. Donkeycar sends one
     * every few milliseconds (a placeholder when its camera has none), so a silent stream is a
     * stuck one.
     */
    public static final Duration STALL = Duration.ofSeconds(10);

    private final CameraContext context;
    private final URI video;
    private final Duration timeout;
    private final Backoff backoff;
    private final Duration stall;
    private final HttpClient http;
    private VideoStream stream; // the host calls one method at a time
    private boolean closed;

    /**
     * A camera, not yet streaming.
     *
     * @param context what the host gives the camera
     * @param video   the car's MJPEG stream, such as {@code http://donkey.local:8887/video}
     * @param timeout how long connecting may take
     * @param backoff the pauses between attempts to open the stream again
     * @param stall   how long the stream may send no picture before it is opened again
     */
    public MjpegCamera(CameraContext context, URI video, Duration timeout, Backoff backoff, Duration stall) {
        this.context = context;
        this.video = video;
        this.timeout = timeout;
        this.backoff = backoff;
        this.stall = stall;
        // HTTP/1.1 straight away: an h2c upgrade offer is one more thing a small web server on a car may mishandle.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Set<VideoCodec> codecs() {
        return Set.of(VideoCodec.JPEG);
    }

    @Override
    public void demand(Set<VideoCodec> codecs) {
        if (closed) {
            throw new IllegalStateException("camera '" + context.cameraId() + "' is closed");
        }
        if (codecs.isEmpty()) {
            stopStream();
        } else if (stream == null) {
            stream = VideoStream.start(context, http, video, timeout, backoff, stall);
        }
    }

    @Override
    public void close() {
        stopStream();
        closed = true;
    }

    private void stopStream() {
        if (stream != null) {
            stream.stop();
            stream = null;
        }
    }
}
