package dev.teledrive.api.testkit;

import dev.teledrive.api.CameraContext;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host hands a camera, for testing a camera plugin without a server: configuration from a
 * map, a clock (the system's unless given), daemon threads, and a queue of the frames published and
 * a list of the failures reported.
 *
 * <pre>{@code
 * var context = new TestCameraContext("front", "mycar", Map.of());
 * Camera camera = new MyCameraProvider().open(context);
 * camera.demand(Set.of(VideoCodec.JPEG));
 * VideoFrame first = context.nextFrame(Duration.ofSeconds(5));
 * camera.demand(Set.of());
 * camera.close();
 * }</pre>
 */
public final class TestCameraContext implements CameraContext {

    private final String cameraId;
    private final String vehicleId;
    private final Configuration configuration;
    private final Clock clock;
    private final BlockingQueue<VideoFrame> frames = new LinkedBlockingQueue<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger recoveries = new AtomicInteger();
    private final AtomicInteger threadCount = new AtomicInteger();

    public TestCameraContext(String cameraId, String vehicleId, Map<String, String> configuration) {
        this(cameraId, vehicleId, configuration, Clock.systemUTC());
    }

    public TestCameraContext(String cameraId, String vehicleId, Map<String, String> configuration, Clock clock) {
        this.cameraId = cameraId;
        this.vehicleId = vehicleId;
        this.configuration = new MapConfiguration(configuration);
        this.clock = clock;
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public String vehicleId() {
        return vehicleId;
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
        return frames::add;
    }

    @Override
    public ThreadFactory threads() {
        return work -> {
            Thread t = new Thread(work, "camera-" + cameraId + "-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void failed(String reason) {
        failures.add(reason);
    }

    @Override
    public void recovered() {
        recoveries.incrementAndGet();
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("test.camera." + cameraId);
    }

    /**
     * Waits for the next frame the camera publishes.
     *
     * @param timeout how long to wait at most
     * @return the frame
     * @throws AssertionError if none came in time
     */
    public VideoFrame nextFrame(Duration timeout) throws InterruptedException {
        VideoFrame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("camera '" + cameraId + "' published no frame within " + timeout);
        }
        return frame;
    }

    /** Forgets the frames published so far, so {@link #nextFrame(Duration)} waits for a new one. */
    public void clearFrames() {
        frames.clear();
    }

    /** Every failure reported so far, oldest first. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** How many times the camera said it recovered. */
    public int recoveries() {
        return recoveries.get();
    }
}
