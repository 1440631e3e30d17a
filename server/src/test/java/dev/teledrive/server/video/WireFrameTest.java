package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireFrameTest {

    @Test
    void theBinaryMessageIsALengthPrefixedJsonHeaderThenTheFrame() throws Exception {
        Instant t = Instant.ofEpochSecond(1_700_000_000L, 123_456_000);
        var frame = WireFrame.of(
                "front-1", 42, new VideoFrame(VideoCodec.H264, new byte[] {0, 0, 0, 1, 0x65}, t, true, 640, 480));
        ByteBuffer wire = frame.wire();
        assertTrue(wire.isReadOnly());
        int n = wire.getInt();
        byte[] head = new byte[n];
        wire.get(head);
        JsonNode h = new ObjectMapper().readTree(new String(head, StandardCharsets.UTF_8));
        assertEquals("front-1", h.path("camera").asText());
        assertEquals(42, h.path("seq").asLong());
        assertEquals("1700000000123.456", h.path("t").decimalValue().toPlainString());
        assertEquals("h264", h.path("codec").asText());
        assertTrue(h.path("key").asBoolean());
        assertEquals(640, h.path("width").asInt());
        assertEquals(480, h.path("height").asInt());
        assertEquals(5, wire.remaining());
        assertEquals(0x65, wire.get(wire.position() + 4));
        assertNotSame(frame.wire(), frame.wire(), "each viewer gets its own view of the same bytes");
    }

    @Test
    void wholeMillisecondsHaveNoFraction() {
        assertEquals("1000", WireFrame.epochMillis(Instant.ofEpochSecond(1)));
        assertEquals("1000.000001", WireFrame.epochMillis(Instant.ofEpochSecond(1, 1)));
    }

    @Test
    void anMjpegPartCarriesItsLength() {
        var frame = WireFrame.of("c", 1, VideoFrame.jpeg(new byte[] {1, 2, 3}, Instant.EPOCH, 1, 1));
        ByteBuffer part = frame.mjpegPart();
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(
                text.startsWith(
                        "--" + WireFrame.BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\n"),
                text);
        assertTrue(text.endsWith("\u0001\u0002\u0003\r\n"));
    }
}
