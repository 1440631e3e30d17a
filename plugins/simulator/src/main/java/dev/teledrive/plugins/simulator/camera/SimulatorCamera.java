package dev.teledrive.plugins.simulator.camera;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.plugins.simulator.Arena;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A chase camera on one simulated car: while anyone watches, a thread of the camera's own renders
 * the {@link ChaseView} and encodes it to JPEG once per frame, at a fixed rate. A frame that takes
 * too long does not make the next ones hurry to catch up: the missed frames are skipped and the
 * rate starts again from now, so a busy machine gets fewer frames, never a backlog.
 *
 * <p>Nobody watching, no thread: {@code demand} with an empty set, or {@code close}, ends it and
 * waits for it to end.
 */
public final class SimulatorCamera implements Camera {

    /** How long stopping waits for the frame being drawn; a frame takes milliseconds. */
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final CameraContext context;
    private final Arena arena;
    private final CameraSettings settings;
    private final String vehicle;
    /** The render thread that should be running; it stops when this is no longer itself. */
    private volatile Thread renderer;

    /**
     * @param context  the host's side of the camera
     * @param arena    where the car and the others drive
     * @param settings the picture's size, rate and quality
     */
    public SimulatorCamera(CameraContext context, Arena arena, CameraSettings settings) {
        this.context = context;
        this.arena = arena;
        this.settings = settings;
        this.vehicle = context.vehicleId();
    }

    @Override
    public void demand(Set<VideoCodec> codecs) {
        if (codecs.isEmpty()) {
            stop();
        } else if (renderer == null) {
            Thread t = context.threads().newThread(this::run);
            renderer = t;
            t.start();
            context.logger().info("rendering {}x{} at {} fps", settings.width(), settings.height(), settings.fps());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stop() {
        Thread t = renderer;
        renderer = null;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.logger().info("stopped rendering");
    }

    private void run() {
        Thread self = Thread.currentThread();
        long period = TimeUnit.SECONDS.toNanos(1) / settings.fps();
        try (var view = new ChaseView(arena, settings.width(), settings.height());
                var encoder = new JpegEncoder(settings.quality())) {
            long next = System.nanoTime();
            byte[] last = null;
            while (renderer == self) {
                last = frame(view, encoder, last);
                next += period;
                long now = System.nanoTime();
                if (now - next > 0) {
                    next = now; // late: skip what was missed rather than catch up
                }
                while (renderer == self && next - now > 0) {
                    LockSupport.parkNanos(this, next - now);
                    now = System.nanoTime();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (renderer == self) {
                renderer = null;
                context.logger().warn("rendering failed: {}", e.toString());
                context.failed("the simulator camera stopped drawing (" + e
                        + "): watch it again to restart it, and report this if it repeats");
            }
        }
    }

    /**
     * One frame: the capture time is when its drawing begins, the moment the picture shows. When no
     * car moved, the last frame's JPEG goes out again with the new time: the host never changes a
     * frame's bytes, so sharing them is safe, and a standing arena costs next to nothing.
     */
    private byte[] frame(ChaseView view, JpegEncoder encoder, byte[] last) throws IOException {
        Instant captured = context.clock().instant();
        byte[] jpeg = view.renderIfMoved(vehicle, captured.toEpochMilli()) || last == null
                ? encoder.encode(view.image())
                : last;
        context.frames().publish(VideoFrame.jpeg(jpeg, captured, settings.width(), settings.height()));
        return jpeg;
    }
}
