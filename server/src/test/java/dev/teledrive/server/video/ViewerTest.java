package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latest-wins slot: one send in flight, the newest frame waiting, h264 resuming at a key frame. */
class ViewerTest {

    /** A viewer whose sends finish only when the test says so. */
    private static final class Manual extends Viewer {
        final List<Long> sent = new ArrayList<>();

        Manual(VideoCodec codec) {
            super(codec);
        }

        @Override
        protected void transmit(WireFrame frame) {
            sent.add(VideoClientSeq.of(frame));
        }

        void finish() {
            sent(null);
        }

        @Override
        protected void cameraGone(String reason) {}

        @Override
        protected void unavailable(String reason) {}
    }

    /** Reads a frame's seq back from its header. */
    private static final class VideoClientSeq {
        static long of(WireFrame frame) {
            var wire = frame.wire();
            int n = wire.getInt();
            byte[] head = new byte[n];
            wire.get(head);
            String json = new String(head, java.nio.charset.StandardCharsets.UTF_8);
            return Long.parseLong(json.replaceAll(".*\"seq\":(\\d+).*", "$1"));
        }
    }

    private static WireFrame jpeg(long seq) {
        return WireFrame.of("cam", seq, VideoFrame.jpeg(new byte[] {1}, Instant.EPOCH, 1, 1));
    }

    private static WireFrame h264(long seq, boolean key) {
        return WireFrame.of("cam", seq, new VideoFrame(VideoCodec.H264, new byte[] {1}, Instant.EPOCH, key, 1, 1));
    }

    @Test
    void aSlowViewerGetsTheNewestFrameNext() {
        var v = new Manual(VideoCodec.JPEG);
        v.offer(jpeg(1));
        v.offer(jpeg(2));
        v.offer(jpeg(3));
        v.offer(jpeg(4));
        assertEquals(List.of(1L), v.sent, "one send in flight");
        v.finish();
        assertEquals(List.of(1L, 4L), v.sent, "the newest waited; 2 and 3 were skipped");
        v.finish();
        v.offer(jpeg(5));
        assertEquals(List.of(1L, 4L, 5L), v.sent);
    }

    @Test
    void anH264ViewerStartsAtAKeyFrameAndResumesAtOneAfterSkipping() {
        var v = new Manual(VideoCodec.H264);
        v.offer(h264(1, false));
        v.offer(h264(2, true));
        assertEquals(List.of(2L), v.sent, "the first frame is a key frame");
        v.offer(h264(3, false)); // waits
        v.offer(h264(4, false)); // replaces 3: 3 is skipped, so 4 cannot be decoded
        v.finish();
        assertEquals(List.of(2L), v.sent);
        v.offer(h264(5, false));
        v.offer(h264(6, true));
        assertEquals(List.of(2L, 6L), v.sent, "5 came before a key frame");
        v.offer(h264(7, false));
        v.finish();
        assertEquals(List.of(2L, 6L, 7L), v.sent);
    }

    @Test
    void aFailedSendEndsTheViewer() {
        var v = new Manual(VideoCodec.JPEG);
        v.offer(jpeg(1));
        v.offer(jpeg(2));
        v.sent(new RuntimeException("broken pipe"));
        v.offer(jpeg(3));
        assertEquals(List.of(1L), v.sent);
    }
}
