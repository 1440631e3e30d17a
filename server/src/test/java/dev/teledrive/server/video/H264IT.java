package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** h264 viewers of a JPEG camera, with a fake encoder standing in for ffmpeg. */
class H264IT {

    @TempDir
    Path tmp;

    /** Makes an "access unit" per JPEG, a key frame every fifth, and writes down starts and stops. */
    private static final class FakeEncoders implements H264Encoder.Factory {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public H264Encoder start(String cameraId, FrameSink out, Consumer<String> failed) {
            events.add("start " + cameraId);
            var count = new AtomicInteger();
            return new H264Encoder() {
                @Override
                public void encode(VideoFrame jpeg) {
                    int n = count.getAndIncrement();
                    boolean key = n % 5 == 0;
                    out.publish(new VideoFrame(
                            VideoCodec.H264,
                            new byte[] {0, 0, 0, 1, (byte) (key ? 0x65 : 0x41)},
                            jpeg.captured(),
                            key,
                            jpeg.width(),
                            jpeg.height()));
                }

                @Override
                public void close() {
                    events.add("stop " + cameraId);
                }
            };
        }
    }

    @Test
    void anH264ViewerGetsAKeyFrameFirstFromTheEncoderFedWithJpeg() throws Exception {
        var cameras = new TestCameras(new CameraSpec("front", RecordingVehicle.ID, "Front"));
        var encoders = new FakeEncoders();
        try (TestServer server =
                TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras).encoders(encoders))) {
            try (VideoClient jpeg = VideoClient.connect(server.video());
                    VideoClient h264 = VideoClient.connect(server.video())) {
                jpeg.watch("front");
                jpeg.frame();
                h264.send("{\"command\":\"watch\",\"camera\":\"front\",\"codec\":\"h264\"}");
                VideoClient.Frame first = h264.frame();
                assertEquals("h264", first.header().path("codec").asText());
                assertTrue(
                        first.header().path("key").asBoolean(), first.header().toString());
                assertEquals(0x65, first.data()[4]);
                assertEquals(TestCameras.WIDTH, first.header().path("width").asInt());
                assertEquals("start front", encoders.events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals("jpeg", jpeg.frame().header().path("codec").asText(), "JPEG viewers carry on");
                long last = first.seq();
                for (int i = 0; i < 10; i++) {
                    VideoClient.Frame f = h264.frame();
                    assertEquals("h264", f.header().path("codec").asText());
                    assertTrue(f.seq() > last);
                    last = f.seq();
                }
            }
            assertEquals(
                    "stop front",
                    encoders.events.poll(5, java.util.concurrent.TimeUnit.SECONDS),
                    "no h264 viewer: no encoder");
            cameras.await("demand front -");
        }
    }
}
