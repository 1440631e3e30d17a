package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The lighter copy of a frame for viewers on slow links. */
class JpegReducerTest {

    private final Instant captured = Instant.parse("2026-12-01T12:00:00.123456Z");

    @Test
    void aFrameBecomesAJpegOfHalfTheSizeWithTheSameCaptureTime() throws Exception {
        VideoFrame frame = TestJpegs.frames(1, captured).get(0);
        try (var reducer = new JpegReducer()) {
            VideoFrame copy = reducer.reduce(frame).orElseThrow();
            assertEquals(VideoCodec.JPEG, copy.codec());
            assertEquals(TestJpegs.WIDTH / 2, copy.width());
            assertEquals(TestJpegs.HEIGHT / 2, copy.height());
            assertEquals(captured, copy.captured());
            var image = ImageIO.read(new ByteArrayInputStream(copy.data()));
            assertEquals(TestJpegs.WIDTH / 2, image.getWidth());
            assertTrue(copy.data().length < frame.data().length, copy.data().length + " bytes");
        }
    }

    @Test
    void whatIsNotAReadableJpegIsLeftAsItIs() {
        try (var reducer = new JpegReducer()) {
            var broken = VideoFrame.jpeg(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}, captured, 640, 480);
            assertTrue(reducer.reduce(broken).isEmpty());
            var h264 = new VideoFrame(VideoCodec.H264, new byte[] {0, 0, 0, 1, 0x65}, captured, true, 640, 480);
            assertTrue(reducer.reduce(h264).isEmpty());
            assertTrue(reducer.reduce(TestJpegs.frames(1, captured).get(0)).isPresent(), "and it goes on");
        }
    }
}
