package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A frame goes to the viewers of its codec, built once; a broken viewer never stops the others. */
class AudienceTest {

    /** A viewer whose sends finish at once, keeping what it was sent and told. */
    private static class Recording extends Viewer {
        final List<WireFrame> sent = new ArrayList<>();
        final List<String> told = new ArrayList<>();

        Recording(VideoCodec codec) {
            super(codec);
        }

        @Override
        protected void transmit(WireFrame frame) {
            sent.add(frame);
            sent(null);
        }

        @Override
        protected void cameraGone(String reason) {
            told.add("gone: " + reason);
        }

        @Override
        protected void unavailable(String reason) {
            told.add("unavailable: " + reason);
        }
    }

    private final List<Viewer> failed = new ArrayList<>();
    private final Audience audience = new Audience("front", failed::add);

    private static VideoFrame jpeg() {
        return VideoFrame.jpeg(new byte[] {1}, Instant.EPOCH, 1, 1);
    }

    private static VideoFrame h264() {
        return new VideoFrame(VideoCodec.H264, new byte[] {1}, Instant.EPOCH, true, 1, 1);
    }

    @Test
    void eachFrameIsBuiltOnceForEveryViewerOfItsCodec() {
        Recording a = new Recording(VideoCodec.H264);
        Recording b = new Recording(VideoCodec.H264);
        Recording other = new Recording(VideoCodec.JPEG);
        audience.add(a);
        audience.add(b);
        audience.add(other);

        audience.publish(h264());

        assertEquals(1, a.sent.size());
        assertSame(a.sent.get(0), b.sent.get(0), "one WireFrame shared by the viewers of a codec");
        assertTrue(other.sent.isEmpty());
        audience.publish(h264());
        assertEquals(2, a.sent.get(1).seq());
    }

    @Test
    void aViewerWhoseTransportThrowsEndsAloneAndTheOthersCarryOn() {
        Recording broken = new Recording(VideoCodec.H264) {
            @Override
            protected void transmit(WireFrame frame) {
                throw new IllegalStateException("socket closed");
            }
        };
        Recording fine = new Recording(VideoCodec.H264);
        audience.add(broken);
        audience.add(fine);

        audience.publish(h264());
        audience.publish(h264());

        assertEquals(2, fine.sent.size());
        assertTrue(failed.isEmpty(), "a send that throws ends that viewer in its own slot, on no one else's time");
    }

    @Test
    void knowsTheCodecsWatchedAndTellsOnlyTheViewersOfOne() {
        Recording jpegViewer = new Recording(VideoCodec.JPEG);
        Recording h264Viewer = new Recording(VideoCodec.H264);
        assertFalse(audience.watches(VideoCodec.JPEG));
        audience.add(jpegViewer);
        audience.add(h264Viewer);
        assertTrue(audience.watches(VideoCodec.JPEG));
        assertTrue(audience.watches(VideoCodec.H264));

        audience.unavailable(VideoCodec.H264, "install ffmpeg");

        assertEquals(List.of("unavailable: install ffmpeg"), h264Viewer.told);
        assertTrue(jpegViewer.told.isEmpty());
        assertTrue(audience.remove(h264Viewer));
        assertFalse(audience.remove(h264Viewer));
        assertFalse(audience.watches(VideoCodec.H264));
    }

    @Test
    void dismissingLetsEveryViewerGoWithTheReason() {
        Recording v = new Recording(VideoCodec.JPEG);
        audience.add(v);

        audience.dismiss("plugin unloaded");
        audience.publish(jpeg());

        assertEquals(List.of("gone: plugin unloaded"), v.told);
        assertTrue(v.sent.isEmpty());
        assertTrue(audience.isEmpty());
    }
}
