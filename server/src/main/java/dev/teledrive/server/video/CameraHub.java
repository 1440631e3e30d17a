package dev.teledrive.server.video;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.server.threads.DaemonThreads;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera and its viewers. The camera runs only while someone watches: the first viewer opens
 * it and demands the codecs watched, every change of that set demands again, and the last viewer
 * to leave demands nothing, so an idle camera costs nothing. A viewer who wants h264 of a camera
 * that makes only JPEG gets it from an {@link H264Encoder} fed with the camera's JPEG frames.
 *
 * <p>Every call into the camera and the encoder runs on the hub's own background thread, one at a
 * time, as {@link Camera} promises; the thread exists only while there is work. Frames arrive on the
 * camera's threads and go straight to the viewers' latest-wins slots: nothing here ever waits on a
 * viewer, a control connection or a vehicle. A failure (opening, demanding, the camera's own report,
 * the encoder) shows as the camera's status and never touches driving; the next viewer to arrive
 * tries again, and the next frame clears it.
 */
public final class CameraHub {

    private static final Logger LOG = LoggerFactory.getLogger(CameraHub.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final CameraSpec spec;
    private final String pluginId;
    private final CameraProvider provider;
    private final Configuration configuration;
    private final Clock clock;
    private final H264Encoder.Factory encoders;
    private final Runnable statusChanged;
    private final ThreadPoolExecutor worker;
    private final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
    private final AtomicLong seq = new AtomicLong();
    private final FrameSink sink = this::publish;

    // Read and written on the worker thread only.
    private Camera camera;
    private Set<VideoCodec> demanded = Set.of();
    private boolean cameraFailed;
    private boolean encoderFailed;
    private boolean closed;

    /** Read by the camera's thread for each JPEG frame. */
    private volatile H264Encoder encoder;

    private volatile boolean gone;
    private CameraStatus status; // guarded by this
    /** Made for the first viewer on a slow link: a camera nobody watches slowly never pays for it. */
    private LighterCopies lighterCopies; // guarded by this
    /** The codec whose next frame clears a failure ({@code null}: any frame), guarded by this. */
    private VideoCodec clearedBy;

    /**
     * @param statusChanged told, on any thread, when the camera's status changes
     */
    CameraHub(
            CameraSpec spec,
            String pluginId,
            CameraProvider provider,
            Configuration configuration,
            Clock clock,
            H264Encoder.Factory encoders,
            Runnable statusChanged) {
        this.spec = spec;
        this.pluginId = pluginId;
        this.provider = provider;
        this.configuration = configuration;
        this.clock = clock;
        this.encoders = encoders;
        this.statusChanged = statusChanged;
        this.status = new CameraStatus(spec.id(), spec.vehicle(), CameraStatus.State.IDLE, null);
        // No core thread: an idle camera has no thread at all.
        this.worker = new ThreadPoolExecutor(
                0,
                1,
                10,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                DaemonThreads.background("camera-" + spec.id()));
    }

    public String id() {
        return spec.id();
    }

    public String vehicle() {
        return spec.vehicle();
    }

    String pluginId() {
        return pluginId;
    }

    public synchronized CameraStatus status() {
        return status;
    }

    /** Adds a viewer; the camera starts (or is asked for another codec) on the hub's thread. */
    public void watch(Viewer viewer) {
        if (gone) {
            viewer.cameraGone(goneReason());
            return;
        }
        viewers.add(viewer);
        submit(() -> reconcile(true));
    }

    /** Removes a viewer; the last one to leave stops the camera. Idempotent. */
    public void leave(Viewer viewer) {
        viewer.stop();
        if (viewers.remove(viewer)) {
            submit(() -> reconcile(false));
        }
    }

    /** Viewers now, for tests and the status. */
    int viewerCount() {
        return viewers.size();
    }

    /**
     * Ends the camera for good (its plugin is unloaded, or the server stops): every viewer is told
     * why and let go, the camera demands nothing and closes. Waits a few seconds for the camera to
     * close, so its plugin can unload next.
     */
    void close(String reason) {
        if (gone) {
            return;
        }
        gone = true;
        for (Viewer v : viewers) {
            v.stop();
            v.cameraGone(reason);
        }
        viewers.clear();
        submit(this::shutDown);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("camera '{}' did not close within {} s", id(), CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String goneReason() {
        return "camera '" + id() + "' is gone: its plugin was unloaded or the server is stopping";
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("camera '{}' is closed: dropped a task", id());
        }
    }

    /** Brings camera and encoder in line with what the viewers watch now. On the worker thread. */
    private void reconcile(boolean arrival) {
        if (closed) {
            return;
        }
        boolean jpeg = false;
        boolean h264 = false;
        for (Viewer v : viewers) {
            jpeg |= v.codec() == VideoCodec.JPEG;
            h264 |= v.codec() == VideoCodec.H264;
        }
        if (!jpeg && !h264) {
            idle();
            return;
        }
        if (cameraFailed && !arrival) {
            return; // stays stopped until a viewer arrives and it is tried again
        }
        boolean encode;
        try {
            if (camera == null) {
                camera = provider.open(context());
                LOG.info("camera '{}' of plugin '{}' opened", id(), pluginId);
            }
            encode = h264 && !camera.codecs().contains(VideoCodec.H264);
            Set<VideoCodec> wanted = EnumSet.noneOf(VideoCodec.class);
            if (jpeg || encode) {
                wanted.add(VideoCodec.JPEG);
            }
            if (h264 && !encode) {
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
        setStatus(CameraStatus.State.LIVE, null, false);
        if (encode && encoder == null && (!encoderFailed || arrival)) {
            startEncoder();
        } else if (!encode && encoder != null) {
            stopEncoder();
        }
    }

    private void startEncoder() {
        H264Encoder[] started = new H264Encoder[1];
        try {
            started[0] = encoders.start(id(), sink, reason -> submit(() -> encoderFailure(started[0], reason)));
            encoder = started[0];
            encoderFailed = false;
            LOG.info("camera '{}': encoding h264 from its JPEG frames", id());
        } catch (CameraException | RuntimeException | LinkageError e) {
            encoderFailure(null, reason(e));
        }
    }

    /** The encoder could not start, or stopped by itself: h264 viewers hear why; JPEG viewers carry on. */
    private void encoderFailure(H264Encoder which, String reason) {
        if (which != null && which != encoder) {
            return; // an encoder already replaced or stopped
        }
        stopEncoder();
        encoderFailed = true;
        LOG.warn("camera '{}': h264 failed: {}", id(), reason);
        setStatus(CameraStatus.State.FAILED, reason, true);
        for (Viewer v : viewers) {
            if (v.codec() == VideoCodec.H264) {
                v.unavailable(reason);
            }
        }
    }

    /** The camera failed: it is stopped, and tried again when the next viewer arrives. */
    private void cameraFailure(String reason) {
        LOG.warn("camera '{}' failed: {}", id(), reason);
        stopEncoder();
        if (camera != null && !demanded.isEmpty()) {
            try {
                camera.demand(Set.of());
            } catch (CameraException | RuntimeException | LinkageError e) {
                LOG.debug("camera '{}' did not stop after its failure: {}", id(), e.toString());
            }
        }
        demanded = Set.of();
        cameraFailed = true;
        setStatus(CameraStatus.State.FAILED, reason, false);
    }

    private void idle() {
        stopEncoder();
        if (camera != null && !demanded.isEmpty()) {
            try {
                camera.demand(Set.of());
                LOG.debug("camera '{}' idle: nobody watches", id());
            } catch (CameraException | RuntimeException | LinkageError e) {
                LOG.warn("camera '{}' did not stop: {}", id(), reason(e));
            }
        }
        demanded = Set.of();
        synchronized (this) {
            if (status.state() == CameraStatus.State.FAILED) {
                return; // the failure stays shown until a viewer tries again and a frame arrives
            }
        }
        setStatus(CameraStatus.State.IDLE, null, false);
    }

    private void stopEncoder() {
        H264Encoder e = encoder;
        encoder = null;
        if (e != null) {
            try {
                e.close();
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("camera '{}': closing the h264 encoder failed: {}", id(), failure.toString());
            }
        }
    }

    private synchronized LighterCopies lighterCopies() {
        if (lighterCopies == null) {
            lighterCopies = new LighterCopies(id(), this::publishLighter);
        }
        return lighterCopies;
    }

    /** A lighter copy, to the JPEG viewers on slow links. */
    private void publishLighter(WireFrame copy) {
        for (Viewer v : viewers) {
            if (v.codec() == VideoCodec.JPEG && v.slowLink()) {
                try {
                    v.offer(copy);
                } catch (RuntimeException e) {
                    LOG.warn("camera '{}': a viewer failed: {}", id(), e.toString());
                    leave(v);
                }
            }
        }
    }

    private void shutDown() {
        idle();
        closed = true;
        synchronized (this) {
            if (lighterCopies != null) {
                lighterCopies.close();
                lighterCopies = null;
            }
        }
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

    /** A frame from the camera (or the encoder): to every viewer of its codec, encoded once. */
    private void publish(VideoFrame frame) {
        if (gone) {
            return;
        }
        clearFailure(frame.codec());
        WireFrame wire = null;
        boolean slowViewers = false;
        for (Viewer v : viewers) {
            if (v.codec() == frame.codec()) {
                if (v.slowLink()) {
                    slowViewers = true; // its lighter copy follows from the lighter copies' thread
                    continue;
                }
                if (wire == null) {
                    wire = WireFrame.of(id(), seq.incrementAndGet(), frame);
                }
                try {
                    v.offer(wire);
                } catch (RuntimeException e) {
                    // A viewer's transport must never stop the camera's thread, nor the other viewers.
                    LOG.warn("camera '{}': a viewer failed: {}", id(), e.toString());
                    leave(v);
                }
            }
        }
        if (slowViewers) {
            lighterCopies().offer(wire == null ? seq.incrementAndGet() : wire.seq(), frame);
        }
        if (frame.codec() == VideoCodec.JPEG) {
            H264Encoder e = encoder;
            if (e != null) {
                e.encode(frame);
            }
        }
    }

    private void clearFailure(VideoCodec by) {
        boolean changed;
        synchronized (this) {
            changed = status.state() == CameraStatus.State.FAILED
                    && (clearedBy == null || clearedBy == by)
                    && !viewers.isEmpty();
            if (changed) {
                status = new CameraStatus(id(), vehicle(), CameraStatus.State.LIVE, null);
                clearedBy = null;
            }
        }
        if (changed) {
            LOG.info("camera '{}' delivers again", id());
            statusChanged.run();
        }
    }

    /**
     * Sets the status; a failure stays until a frame (of h264, for an encoder failure) clears it,
     * so becoming live again after a retry waits for that frame.
     */
    private void setStatus(CameraStatus.State state, String reason, boolean encoderOnly) {
        boolean changed;
        synchronized (this) {
            if (state == CameraStatus.State.LIVE && status.state() == CameraStatus.State.FAILED) {
                return;
            }
            CameraStatus next = new CameraStatus(id(), vehicle(), state, reason);
            changed = !next.equals(status);
            status = next;
            if (state == CameraStatus.State.FAILED) {
                clearedBy = encoderOnly ? VideoCodec.H264 : null;
            }
        }
        if (changed) {
            statusChanged.run();
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (e instanceof CameraException && m != null && !m.isBlank()) {
            return m;
        }
        return "the camera's plugin failed (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + "); see the server log";
    }

    private CameraContext context() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory named = task -> DaemonThreads.background("camera-" + id() + "-" + threads.incrementAndGet())
                .newThread(task);
        Logger logger = LoggerFactory.getLogger("dev.teledrive.plugin." + pluginId + ".camera." + id());
        return new CameraContext() {
            @Override
            public String cameraId() {
                return id();
            }

            @Override
            public String vehicleId() {
                return vehicle();
            }

            @Override
            public Configuration configuration() {
                return configuration;
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public FrameSink frames() {
                return sink;
            }

            @Override
            public ThreadFactory threads() {
                return named;
            }

            @Override
            public void failed(String reason) {
                submit(() -> {
                    if (!closed && !demanded.isEmpty()) {
                        cameraFailure(reason == null || reason.isBlank() ? "the camera stopped working" : reason);
                    }
                });
            }

            @Override
            public void recovered() {
                clearFailure(null);
            }

            @Override
            public Logger logger() {
                return logger;
            }
        };
    }
}
