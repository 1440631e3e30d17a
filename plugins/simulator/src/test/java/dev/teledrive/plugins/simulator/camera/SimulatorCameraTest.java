package dev.teledrive.plugins.simulator.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Command;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.api.testkit.TestCameraContext;
import dev.teledrive.api.testkit.TestVehicleContext;
import dev.teledrive.plugins.simulator.SimulatorProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The simulator's chase cameras through the camera interface, with the plugin test kit. */
class SimulatorCameraTest {

    private static final Set<VideoCodec> JPEG = Set.of(VideoCodec.JPEG);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimulatorProvider provider = new SimulatorProvider();
    private final List<Camera> opened = new CopyOnWriteArrayList<>();
    private final List<TestVehicleContext> vehicles = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Camera::close);
        vehicles.forEach(TestVehicleContext::close);
    }

    @Test
    void framesAreJpegsOfTheConfiguredSizeStampedByTheClock() throws Exception {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        var context = new TestCameraContext(
                "simulator",
                "simulator",
                Map.of("simulator.camera.width", "320", "simulator.camera.height", "200"),
                Clock.fixed(at, java.time.ZoneOffset.UTC));
        Camera camera = open(context);
        assertEquals(JPEG, camera.codecs());
        camera.demand(JPEG);
        VideoFrame frame = context.nextFrame(WAIT);
        assertEquals(VideoCodec.JPEG, frame.codec());
        assertEquals(320, frame.width());
        assertEquals(200, frame.height());
        assertEquals(at, frame.captured());
        BufferedImage picture = decode(frame);
        assertEquals(320, picture.getWidth());
        assertEquals(200, picture.getHeight());
    }

    @Test
    void theDefaultIsVgaAndTheFramesDifferWhenTheCarMoves() throws Exception {
        var car = new TestVehicleContext("simulator", Map.of());
        vehicles.add(car);
        Vehicle vehicle = provider.open(car);
        car.run(vehicle::connect);
        var context = new TestCameraContext("simulator", "simulator", Map.of());
        Camera camera = open(context);
        camera.demand(JPEG);
        VideoFrame before = context.nextFrame(WAIT);
        BufferedImage still = decode(before);
        assertEquals(640, still.getWidth());
        assertEquals(480, still.getHeight());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/simulator-camera.jpg"), before.data());

        car.run(() -> vehicle.accept(bind("left", Map.of())));
        car.clock().advance(Duration.ofMillis(500));
        context.clearFrames();
        context.nextFrame(WAIT); // may have begun before the car turned
        VideoFrame after = context.nextFrame(WAIT);
        assertFalse(java.util.Arrays.equals(before.data(), after.data()), "the car turned, so the view did");
        Files.write(Path.of("target/simulator-camera-turned.jpg"), after.data());
    }

    @Test
    void aCarNobodyOpenedIsSeenStandingAtItsStart() throws Exception {
        var context = new TestCameraContext("simulator-a", "simulator-a", Map.of("simulator.cars", "a,b"));
        Camera camera = open(context);
        camera.demand(JPEG);
        VideoFrame first = context.nextFrame(WAIT);
        context.clearFrames();
        VideoFrame second = context.nextFrame(WAIT);
        assertArrayEquals(first.data(), second.data(), "nothing moves, so every frame is the same picture");
        assertSame(first.data(), second.data(), "encoded once and sent again");
        assertTrue(
                second.captured().isAfter(first.captured()) || second.captured().equals(first.captured()));
        Files.write(Path.of("target/simulator-camera-a.jpg"), first.data());
    }

    @Test
    void anEmptyDemandStopsTheFramesAndEndsTheThread() throws Exception {
        var context = new ThreadRecordingContext(new TestCameraContext("simulator", "simulator", Map.of()));
        Camera camera = open(context);
        camera.demand(JPEG);
        context.delegate.nextFrame(WAIT);
        Thread renderer = context.threads.get(0);
        camera.demand(Set.of());
        assertFalse(renderer.isAlive(), "demand(empty) returns once the render thread has ended");
        context.delegate.clearFrames();
        assertThrows(AssertionError.class, () -> context.delegate.nextFrame(Duration.ofMillis(300)));

        camera.demand(JPEG);
        assertNotNull(context.delegate.nextFrame(WAIT), "a new viewer starts it again");
        assertEquals(2, context.threads.size(), "on a new thread");
        Thread second = context.threads.get(1);
        camera.close();
        assertFalse(second.isAlive(), "close() ends it too");
    }

    @Test
    void badCameraSettingsNameTheirKey() {
        for (var key : List.of(
                "simulator.camera.width",
                "simulator.camera.height",
                "simulator.camera.fps",
                "simulator.camera.quality")) {
            var context = new TestCameraContext("simulator", "simulator", Map.of(key, "0"));
            var e = assertThrows(CameraException.class, () -> provider.open(context));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        var words = new TestCameraContext("simulator", "simulator", Map.of("simulator.camera.quality", "high"));
        assertTrue(assertThrows(CameraException.class, () -> provider.open(words))
                .getMessage()
                .contains("simulator.camera.quality"));
        var tooFast = new TestCameraContext("simulator", "simulator", Map.of("simulator.camera.fps", "61"));
        assertTrue(assertThrows(CameraException.class, () -> provider.open(tooFast))
                .getMessage()
                .contains("simulator.camera.fps"));
        var unknown = new TestCameraContext("simulator-c", "simulator-c", Map.of("simulator.cars", "a,b"));
        assertTrue(assertThrows(CameraException.class, () -> new SimulatorProvider().open(unknown))
                .getMessage()
                .contains("simulator-c"));
    }

    @Test
    void camerasCanBeTurnedOff() {
        assertEquals(List.of(), provider.cameras(config(Map.of("simulator.camera.enabled", "false"))));
        assertEquals(
                List.of(new CameraSpec("simulator", "simulator", "Simulator camera")),
                provider.cameras(config(Map.of())));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.cameras(config(Map.of("simulator.camera.enabled", "maybe"))));
    }

    @Test
    void twoCarsHaveTwoVehiclesAndTwoCameras() {
        var c = config(Map.of("simulator.cars", "a, b"));
        assertEquals(
                List.of("simulator-a", "simulator-b"),
                provider.vehicles(c).stream().map(v -> v.id()).toList());
        assertEquals(
                List.of("Simulator A", "Simulator B"),
                provider.vehicles(c).stream().map(v -> v.name()).toList());
        assertEquals(
                List.of(
                        new CameraSpec("simulator-a", "simulator-a", "Simulator A camera"),
                        new CameraSpec("simulator-b", "simulator-b", "Simulator B camera")),
                provider.cameras(c));
    }

    private Camera open(CameraContext context) throws CameraException {
        Camera camera = provider.open(context);
        opened.add(camera);
        return camera;
    }

    private static BufferedImage decode(VideoFrame frame) throws Exception {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(frame.data()));
        assertNotNull(picture, "a JPEG ImageIO can read");
        return picture;
    }

    private static Configuration config(Map<String, String> values) {
        return new MapConfiguration(values);
    }

    static Command bind(String name, Map<String, ?> fields) throws Exception {
        var spec = StandardVocabulary.motion(255).find(name).orElseThrow();
        return spec.bind(fields, Duration.ofSeconds(1));
    }

    /** The test kit's camera context, keeping every thread the camera makes so a test can see it end. */
    private static final class ThreadRecordingContext implements CameraContext {
        final TestCameraContext delegate;
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        ThreadRecordingContext(TestCameraContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public String cameraId() {
            return delegate.cameraId();
        }

        @Override
        public String vehicleId() {
            return delegate.vehicleId();
        }

        @Override
        public Configuration configuration() {
            return delegate.configuration();
        }

        @Override
        public Clock clock() {
            return delegate.clock();
        }

        @Override
        public FrameSink frames() {
            return delegate.frames();
        }

        @Override
        public ThreadFactory threads() {
            ThreadFactory inner = delegate.threads();
            return work -> {
                Thread t = inner.newThread(work);
                threads.add(t);
                return t;
            };
        }

        @Override
        public void failed(String reason) {
            delegate.failed(reason);
        }

        @Override
        public void recovered() {
            delegate.recovered();
        }

        @Override
        public Logger logger() {
            return delegate.logger();
        }
    }
}
