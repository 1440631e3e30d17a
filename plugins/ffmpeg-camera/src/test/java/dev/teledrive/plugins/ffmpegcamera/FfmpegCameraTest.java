package dev.teledrive.plugins.ffmpegcamera;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.api.testkit.TestCameraContext;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera with a real ffmpeg reading lavfi's test pictures in real time. */
class FfmpegCameraTest {

    private static final String TEST_PICTURES = "-re -f lavfi -i testsrc2=size=640x480:rate=30";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private Camera camera;

    @AfterEach
    void closeTheCamera() {
        if (camera != null) {
            camera.close();
        }
    }

    @Test
    void framesArriveAsJpegsStampedInOrder() throws Exception {
        var context = context(Map.of("camera.front.input", TEST_PICTURES));
        camera = open(context);
        assertEquals(Set.of(VideoCodec.JPEG), camera.codecs());
        assertTrue(ffmpegChildren().isEmpty(), "opening starts nothing");
        camera.demand(Set.of(VideoCodec.JPEG));
        VideoFrame previous = context.nextFrame(WAIT);
        for (int i = 0; i < 10; i++) {
            VideoFrame frame = context.nextFrame(WAIT);
            assertEquals(VideoCodec.JPEG, frame.codec());
            assertTrue(frame.key());
            assertEquals(640, frame.width());
            assertEquals(480, frame.height());
            var image = ImageIO.read(new ByteArrayInputStream(frame.data()));
            assertEquals(640, image.getWidth());
            assertEquals(480, image.getHeight());
            assertTrue(
                    frame.captured().isAfter(previous.captured()), frame.captured() + " after " + previous.captured());
            previous = frame;
        }
        assertEquals(List.of(), context.failures());
    }

    @Test
    void copyPassesAnMjpegInputsFramesOnAsTheyAre(@TempDir Path dir) throws Exception {
        // Stands in for a webcam that gives MJPEG itself (v4l2 -input_format mjpeg).
        Path mjpeg = dir.resolve("webcam.mkv");
        var make = new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x240:rate=30:duration=2",
                        "-c:v",
                        "mjpeg",
                        mjpeg.toString())
                .inheritIO()
                .start();
        assertEquals(0, make.waitFor());
        var context = context(Map.of("camera.front.input", "-re -i '" + mjpeg + "'", "camera.front.copy", "true"));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        for (int i = 0; i < 3; i++) {
            VideoFrame frame = context.nextFrame(WAIT);
            assertEquals(320, frame.width());
            var image = ImageIO.read(new ByteArrayInputStream(frame.data()));
            assertEquals(240, image.getHeight());
        }
    }

    @Test
    void anEmptyDemandEndsFfmpegAndTheFrames() throws Exception {
        var context = context(Map.of("camera.front.input", TEST_PICTURES));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        context.nextFrame(WAIT);
        assertEquals(1, ffmpegChildren().size());
        camera.demand(Set.of());
        assertEquals(List.of(), ffmpegChildren(), "ffmpeg is gone when demand returns");
        context.clearFrames();
        assertThrows(AssertionError.class, () -> context.nextFrame(Duration.ofMillis(500)));

        camera.demand(Set.of(VideoCodec.JPEG));
        context.nextFrame(WAIT);
        assertEquals(List.of(), context.failures(), "stopping on demand is no failure");
    }

    @Test
    void closeEndsFfmpegAndTheFrames() throws Exception {
        var context = context(Map.of("camera.front.input", TEST_PICTURES));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        context.nextFrame(WAIT);
        camera.close();
        assertEquals(List.of(), ffmpegChildren(), "ffmpeg is gone when close returns");
        context.clearFrames();
        assertThrows(AssertionError.class, () -> context.nextFrame(Duration.ofMillis(500)));
        camera = null;
    }

    @Test
    void anInputThatEndsIsReportedAndRestarted() throws Exception {
        var context =
                context(Map.of("camera.front.input", "-re -f lavfi -i testsrc2=size=320x240:rate=30:duration=0.5"));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        context.nextFrame(WAIT);
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        String reason = context.failures().get(0);
        assertTrue(reason.startsWith("ffmpeg stopped (its input ended); restarting in 0.1 s"), reason);
        context.clearFrames();
        VideoFrame again = context.nextFrame(WAIT);
        assertEquals(320, again.width());
        await().atMost(WAIT).until(() -> context.recoveries() >= 1);
    }

    @Test
    void badInputArgumentsAreReportedInFfmpegsWords() throws Exception {
        var context = context(Map.of("camera.front.input", "-f lavfi -i nosuchsource"));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG)); // the process starts; ffmpeg itself then refuses
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        String reason = context.failures().get(0);
        assertTrue(
                reason.startsWith("ffmpeg stopped (it exited with code 1): lavfi: No such filter: 'nosuchsource'"),
                reason);
        await().atMost(WAIT).until(() -> context.failures().size() >= 2);
        assertTrue(
                context.failures().get(1).endsWith("restarting in 0.2 s"),
                context.failures().get(1));
        camera.demand(Set.of());
        assertEquals(List.of(), ffmpegChildren());
    }

    @Test
    void aPasswordInTheUrlNeverShowsInTheReason() throws Exception {
        // Port 1 on the loopback refuses at once; ffmpeg repeats the URL in its error.
        var context =
                context(Map.of("camera.front.input", "-rtsp_transport tcp -i rtsp://admin:hunter2@127.0.0.1:1/x"));
        camera = open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        String reason = context.failures().get(0);
        assertTrue(reason.contains("rtsp://admin:***@127.0.0.1:1/x: Connection refused"), reason);
        assertFalse(reason.contains("hunter2"), reason);
    }

    @Test
    void anFfmpegThatSendsNothingIsEndedAndRestarted() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // ffmpeg waits for a sender that never comes, as it would on a camera gone silent.
        var context = context(Map.of("camera.front.input", "-f mjpeg -i tcp://127.0.0.1:" + port + "?listen=1"));
        camera = new FfmpegCameraProvider(QUICK, Duration.ofMillis(500)).open(context);
        camera.demand(Set.of(VideoCodec.JPEG));
        await().atMost(WAIT).until(() -> context.failures().size() >= 2);
        String reason = context.failures().get(0);
        assertTrue(reason.startsWith("ffmpeg stopped (it sent no picture for 0.5 s); restarting in 0.1 s"), reason);
        camera.demand(Set.of());
        assertEquals(List.of(), ffmpegChildren());
    }

    @Test
    void aMissingFfmpegIsOneClearLine() throws Exception {
        var context = context(Map.of("camera.front.input", TEST_PICTURES, "camera.ffmpeg", "/nonexistent/ffmpeg"));
        camera = open(context);
        var e = assertThrows(CameraException.class, () -> camera.demand(Set.of(VideoCodec.JPEG)));
        assertEquals(
                "ffmpeg is not installed or not at '/nonexistent/ffmpeg': install Debian's ffmpeg package"
                        + " (sudo apt install ffmpeg) or set camera.ffmpeg",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        camera.demand(Set.of());
    }

    private Camera open(TestCameraContext context) throws CameraException {
        return new FfmpegCameraProvider(QUICK, FfmpegCameraProvider.STALL).open(context);
    }

    private static TestCameraContext context(Map<String, String> keys) {
        return new TestCameraContext("front", "simulator", new HashMap<>(keys));
    }

    /** ffmpeg processes this JVM started, directly or not, that still run. */
    private static List<ProcessHandle> ffmpegChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                .toList();
    }
}
