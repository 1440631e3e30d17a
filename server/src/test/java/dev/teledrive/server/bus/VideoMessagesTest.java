package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.VideoCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two video messages on the bus: frames ({@link FrameMessage}) and leases ({@link WatchLease}). */
class VideoMessagesTest {

    private static ByteBuffer wire(String header, byte[] data) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + head.length + data.length)
                .putInt(head.length)
                .put(head)
                .put(data)
                .flip();
    }

    @Test
    void aFrameCrossesWithItsNumberCaptureTimeToTheNanosecondKeyAndSize() throws Exception {
        byte[] data = {0, 0, 0, 1, 0x65};
        ByteBuffer wire = wire(
                "{\"camera\":\"front\",\"seq\":9,\"t\":1765000000123.456789,\"codec\":\"h264\",\"key\":true,"
                        + "\"width\":640,\"height\":480}",
                data);
        FrameMessage m = FrameMessage.decode(FrameMessage.encode(42, wire), VideoCodec.H264);
        assertEquals(42, m.number());
        assertArrayEquals(data, m.frame().data());
        assertEquals(
                Instant.ofEpochSecond(1_765_000_000L, 123_456_789), m.frame().captured());
        assertTrue(m.frame().key());
        assertEquals(640, m.frame().width());
        assertEquals(480, m.frame().height());
        assertEquals(0, wire.position(), "the shared frame is read, never consumed");
    }

    @Test
    void aMalformedFrameIsRefusedWithAReasonNeverThrownFurther() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8};
        String good = "{\"t\":1,\"codec\":\"jpeg\",\"key\":true,\"width\":2,\"height\":2}";
        assertThrows(BusMessageException.class, () -> FrameMessage.decode(new byte[5], VideoCodec.JPEG));
        assertThrows(
                BusMessageException.class,
                () -> FrameMessage.decode(FrameMessage.encode(1, wire(good, jpeg)), VideoCodec.H264),
                "a codec other than the subject's");
        assertThrows(
                BusMessageException.class,
                () -> FrameMessage.decode(
                        FrameMessage.encode(1, wire(good.replace("\"width\":2", "\"width\":0"), jpeg)),
                        VideoCodec.JPEG));
        assertThrows(
                BusMessageException.class,
                () -> FrameMessage.decode(
                        FrameMessage.encode(1, wire(good.replace("\"t\":1", "\"t\":1e999999"), jpeg)),
                        VideoCodec.JPEG));
        assertThrows(
                BusMessageException.class,
                () -> FrameMessage.decode(FrameMessage.encode(1, wire("{not json", jpeg)), VideoCodec.JPEG));
        byte[] liar = FrameMessage.encode(1, wire(good, jpeg));
        ByteBuffer.wrap(liar).putInt(8, 1 << 20);
        assertThrows(
                BusMessageException.class, () -> FrameMessage.decode(liar, VideoCodec.JPEG), "a header past the end");
    }

    @Test
    void aLeaseNamesOnlyCamerasAndCodecs() throws Exception {
        var lease =
                new WatchLease(List.of(new WatchLease.Watch("front", "jpeg"), new WatchLease.Watch("rear", "h264")));
        assertEquals(lease, WatchLease.decode(lease.encode()));
        for (String bad : List.of(
                "nonsense",
                "{\"watch\":[{\"camera\":\"front\",\"codec\":\"vp9\"}]}",
                "{\"watch\":[{\"camera\":\"../x\",\"codec\":\"jpeg\"}]}",
                "{\"watch\":[null]}",
                "{\"watch\":[[[[[[]]]]]]}")) {
            assertThrows(BusMessageException.class, () -> WatchLease.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertThrows(BusMessageException.class, () -> WatchLease.decode(new byte[WatchLease.MAX_BYTES + 1]));
    }
}
