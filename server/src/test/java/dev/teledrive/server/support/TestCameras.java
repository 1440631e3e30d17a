package dev.teledrive.server.support;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Test cameras registered in code: each, while demanded, publishes a JPEG every few milliseconds
 * from a thread of its own, and writes down what the host asks of it ({@code open a},
 * {@code demand a jpeg}, {@code demand a -}, {@code close a}), so tests can check the camera runs
 * exactly while someone watches. A camera can be told to refuse its next demands, or to report a
 * failure, as a broken device would.
 */
public final class TestCameras implements CameraProvider {

    public static final int WIDTH = 32;
    public static final int HEIGHT = 24;

    private final List<CameraSpec> specs;
    private final byte[] jpeg;
    private final int width;
    private final int height;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Map<String, CameraContext> contexts = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final CountDownLatch closesHeld = new CountDownLatch(1);
    private volatile boolean holdingCloses;

    /** Small cameras: 32x24 JPEGs. */
    public TestCameras(CameraSpec... specs) {
        this(WIDTH, HEIGHT, specs);
    }

    /** Cameras of noise at this size, for frames large enough to fill a socket's buffers. */
    public TestCameras(int width, int height, CameraSpec... specs) {
        this.specs = List.of(specs);
        this.width = width;
        this.height = height;
        this.jpeg = noise(width, height);
    }

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        return specs;
    }

    @Override
    public Camera open(CameraContext context) {
        contexts.put(context.cameraId(), context);
        events.add("open " + context.cameraId());
        return new Running(context);
    }

    /** The JPEG every frame carries. */
    public byte[] jpeg() {
        return jpeg.clone();
    }

    /** From now on, this camera's non-empty demands throw with this reason; {@code null} to stop. */
    public void refuseDemands(String cameraId, String reason) {
        if (reason == null) {
            refusals.remove(cameraId);
        } else {
            refusals.put(cameraId, reason);
        }
    }

    /**
     * From now on, a camera's {@code close()} says {@code closing ID} and waits (10 s at most) for
     * {@link #releaseCloses()}, as a device slow to let go would.
     */
    public void holdCloses() {
        holdingCloses = true;
    }

    /** Lets held closes go on. */
    public void releaseCloses() {
        closesHeld.countDown();
    }

    /** Reports a failure through the camera's context, as a camera whose device vanished would. */
    public void fail(String cameraId, String reason) {
        contexts.get(cameraId).failed(reason);
    }

    /** The next event, waiting up to 5 s; {@code null} when none came. */
    public String next() throws InterruptedException {
        return events.poll(5, TimeUnit.SECONDS);
    }

    /** Waits for the given event, skipping others; fails the test when it never comes. */
    public void await(String event) throws InterruptedException {
        String e;
        while ((e = next()) != null) {
            if (e.equals(event)) {
                return;
            }
        }
        throw new AssertionError("the cameras never saw '" + event + "'");
    }

    /** Forgets what happened so far. */
    public void clear() {
        events.clear();
    }

    private static byte[] noise(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One opened camera. */
    private final class Running implements Camera {
        private final CameraContext context;
        private Thread capture;

        Running(CameraContext context) {
            this.context = context;
        }

        @Override
        public void demand(Set<VideoCodec> codecs) throws CameraException {
            String id = context.cameraId();
            events.add("demand " + id + " "
                    + (codecs.isEmpty()
                            ? "-"
                            : codecs.stream().map(VideoCodec::wireName).sorted().collect(Collectors.joining(","))));
            String refusal = refusals.get(id);
            if (refusal != null && !codecs.isEmpty()) {
                throw new CameraException(refusal);
            }
            if (codecs.isEmpty()) {
                stopCapture();
            } else if (capture == null) {
                capture = context.threads().newThread(this::capture);
                capture.start();
            }
        }

        private void capture() {
            while (!Thread.currentThread().isInterrupted()) {
                context.frames()
                        .publish(VideoFrame.jpeg(
                                Arrays.copyOf(jpeg, jpeg.length),
                                context.clock().instant(),
                                width,
                                height));
                try {
                    Thread.sleep(10); // the camera's frame rate, not a test's wait
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void stopCapture() {
            if (capture != null) {
                capture.interrupt();
                try {
                    capture.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                capture = null;
            }
        }

        @Override
        public void close() {
            if (holdingCloses) {
                events.add("closing " + context.cameraId());
                try {
                    closesHeld.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopCapture();
            events.add("close " + context.cameraId());
        }
    }
}
