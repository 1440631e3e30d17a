package dev.teledrive.server.video;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.threads.DaemonThreads;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's life: opened at its first viewer, asked to {@code demand} the codecs watched whenever
 * they change, asked for nothing when the last viewer leaves, closed when its plugin goes. The h264
 * encoder of a JPEG-only camera starts and stops with its h264 viewers.
 *
 * <p>Every call into the camera and the encoder runs on one background thread ({@code camera-<id>}),
 * one at a time, as {@link Camera} promises; the thread exists only while there is work. A failure
 * (opening, demanding, the camera's own report, the encoder) goes to the status board and never
 * touches driving; the next viewer to arrive tries again.
 */
final class CameraLife {

    private static final Logger LOG = LoggerFactory.getLogger(CameraLife.class);

    private final String id;
    private final String vehicle;
    private final String pluginId;
    private final CameraOpener opener;
    private final Configuration configuration;
    private final Clock clock;
    private final FrameSink frames;
    private final Audience audience;
    private final JpegToH264 h264;
    private final CameraStatusBoard status;
    private final ThreadPoolExecutor worker;

    // Read and written on the worker thread only.
    private Camera camera;
    private Set<VideoCodec> demanded = Set.of();
    private boolean cameraFailed;
    private boolean encoderFailed;
    private boolean closed;

    /**
     * @param frames where the camera delivers its frames
     */
    CameraLife(
            String id,
            String vehicle,
            String pluginId,
            CameraOpener opener,
            Configuration configuration,
            Clock clock,
            FrameSink frames,
            Audience audience,
            JpegToH264 h264,
            CameraStatusBoard status) {
        this.id = id;
        this.vehicle = vehicle;
        this.pluginId = pluginId;
        this.opener = opener;
        this.configuration = configuration;
        this.clock = clock;
        this.frames = frames;
        this.audience = audience;
        this.h264 = h264;
        this.status = status;
        // No core thread: an idle camera has no thread at all.
        this.worker = new ThreadPoolExecutor(
                0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.background("camera-" + id));
    }

    /**
     * The viewers changed: camera and encoder follow on the worker thread.
     *
     * @param arrival a viewer arrived, so a failed camera or encoder is tried again
     */
    void viewersChanged(boolean arrival) {
        submit(() -> reconcile(arrival));
    }

    /** Asks the camera for nothing and closes it, waiting up to {@code waitSeconds} so its plugin can unload next. */
    void close(long waitSeconds) {
        submit(this::shutDown);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(waitSeconds, TimeUnit.SECONDS)) {
                LOG.warn("camera '{}' did not close within {} s", id(), waitSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String id() {
        return id;
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("camera '{}': unexpected failure", id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("camera '{}' is closed: dropped a task", id());
        }
    }

    /** Brings camera and encoder in line with what the viewers watch now. On the worker thread. */
    private void reconcile(boolean arrival) {
        if (closed) {
            return;
        }
        boolean jpeg = audience.watches(VideoCodec.JPEG);
        boolean h264Watched = audience.watches(VideoCodec.H264);
        if (!jpeg && !h264Watched) {
            idle();
            return;
        }
        if (cameraFailed && !arrival) {
            return; // stays stopped until a viewer arrives and it is tried again
        }
        boolean encode;
        try {
            if (camera == null) {
                camera = opener.open(context());
                LOG.info("camera '{}' of plugin '{}' opened", id(), pluginId);
            }
            encode = h264Watched && !camera.codecs().contains(VideoCodec.H264);
            Set<VideoCodec> wanted = EnumSet.noneOf(VideoCodec.class);
            if (jpeg || encode) {
                wanted.add(VideoCodec.JPEG);
            }
            if (h264Watched && !encode) {
                wanted.add(VideoCodec.H264);
            }
            if (!wanted.equals(demanded) || cameraFailed) {
                camera.demand(Set.copyOf(wanted));
                LOG.debug("camera '{}' demanded {}", id(), wanted);
                demanded = Set.copyOf(wanted);
            }
            cameraFailed = false;
        } catch (CameraException | RuntimeException | LinkageError e) {
            cameraFailure(reason(e));
            return;
        }
        status.live();
        if (encode && !h264.running() && (!encoderFailed || arrival)) {
            startEncoder();
        } else if (!encode && h264.running()) {
            h264.stop();
        }
    }

    private void startEncoder() {
        try {
            h264.start((which, reason) -> submit(() -> encoderFailure(which, reason)));
            encoderFailed = false;
        } catch (CameraException | RuntimeException | LinkageError e) {
            encoderFailure(null, reason(e));
        }
    }

    /** The encoder could not start, or stopped by itself: h264 viewers hear why; JPEG viewers carry on. */
    private void encoderFailure(H264Encoder which, String reason) {
        if (which != null && !h264.isCurrent(which)) {
            return; // an encoder already replaced or stopped
        }
        h264.stop();
        encoderFailed = true;
        LOG.warn("camera '{}': h264 failed: {}", id(), reason);
        status.encoderFailed(reason);
        audience.unavailable(VideoCodec.H264, reason);
    }

    /** The camera failed: it is stopped, and tried again when the next viewer arrives. */
    private void cameraFailure(String reason) {
        LOG.warn("camera '{}' failed: {}", id(), reason);
        h264.stop();
        if (camera != null && !demanded.isEmpty()) {
            try {
                camera.demand(Set.of());
            } catch (CameraException | RuntimeException | LinkageError e) {
                LOG.debug("camera '{}' did not stop after its failure: {}", id(), e.toString());
            }
        }
        demanded = Set.of();
        cameraFailed = true;
        status.cameraFailed(reason);
    }

    private void idle() {
        h264.stop();
        if (camera != null && !demanded.isEmpty()) {
            try {
                camera.demand(Set.of());
                LOG.debug("camera '{}' idle: nobody watches", id());
            } catch (CameraException | RuntimeException | LinkageError e) {
                LOG.warn("camera '{}' did not stop: {}", id(), reason(e));
            }
        }
        demanded = Set.of();
        status.idle();
    }

    private void shutDown() {
        idle();
        closed = true;
        audience.close();
        if (camera != null) {
            try {
                camera.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("camera '{}' did not close cleanly: {}", id(), reason(e));
            }
            camera = null;
            LOG.info("camera '{}' closed", id());
        }
    }

    /** The camera's own report that it stopped working, while it was asked for something. */
    private void reported(String reason) {
        submit(() -> {
            if (!closed && !demanded.isEmpty()) {
                cameraFailure(reason == null || reason.isBlank() ? "the camera stopped working" : reason);
            }
        });
    }

    private PluginCameraContext context() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory named = task -> DaemonThreads.background("camera-" + id() + "-" + threads.incrementAndGet())
                .newThread(task);
        return new PluginCameraContext(
                id(),
                vehicle,
                configuration,
                clock,
                frames,
                named,
                LoggerFactory.getLogger("dev.teledrive.plugin." + pluginId + ".camera." + id()),
                this::reported,
                () -> status.delivered(null, !audience.isEmpty()));
    }

    /** A sentence for people: the plugin's own message when it wrote one, else what failed and where to look. */
    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (e instanceof CameraException && m != null && !m.isBlank()) {
            return m;
        }
        return "the camera's plugin failed (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + "); see the server log";
    }
}
