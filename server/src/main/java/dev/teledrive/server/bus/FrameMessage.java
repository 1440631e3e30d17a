package dev.teledrive.server.bus;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * One camera frame on {@code td.site.SITE.video.CAMERA.CODEC}: an 8-byte big-endian number that
 * counts the messages of this stream, then the frame exactly as {@code /video} sends it (4 bytes
 * header length N, N bytes of JSON header, the encoded picture), built once at the site for all of
 * its local viewers and hubs. The number lets a hub see a gap (a message NATS dropped, a stream
 * that began before it listened), after which an H.264 stream must wait for a key frame.
 *
 * @param number the message's number in its stream, from 1
 * @param frame  the picture, with its capture time
 */
public record FrameMessage(long number, VideoFrame frame) {

    private static final int MAX_HEADER_BYTES = 1024;
    /** Reads {@code t} as a decimal: a double loses the nanoseconds of a time in epoch milliseconds. */
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(2).build());
    }

    /** The message's bytes: the number, then the {@code /video} frame as it is. */
    public static byte[] encode(long number, ByteBuffer wire) {
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES + wire.remaining());
        out.putLong(number).put(wire.duplicate());
        return out.array();
    }

    /**
     * Reads a frame of {@code codec} (the subject's), refusing what is cut short, too large a header,
     * another codec, or not a picture.
     *
     * @throws BusMessageException saying what was wrong, for a counted, quiet log line
     */
    public static FrameMessage decode(byte[] bytes, VideoCodec codec) throws BusMessageException {
        if (bytes.length < Long.BYTES + Integer.BYTES + 2) {
            throw new BusMessageException("a video message of " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long number = in.getLong();
        int headerBytes = in.getInt();
        if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES || headerBytes >= in.remaining()) {
            throw new BusMessageException("a video message with a header of " + headerBytes + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(bytes, in.position(), headerBytes);
        } catch (IOException e) {
            throw new BusMessageException("a video message with an unreadable header");
        }
        byte[] data = Arrays.copyOfRange(bytes, in.position() + headerBytes, bytes.length);
        if (!codec.wireName().equals(header.path("codec").asText())
                || !header.path("t").isNumber()
                || !header.path("key").isBoolean()) {
            throw new BusMessageException("a video message whose header is not a " + codec.wireName() + " frame's");
        }
        try {
            return new FrameMessage(
                    number,
                    new VideoFrame(
                            codec,
                            data,
                            instant(header.get("t").decimalValue()),
                            header.get("key").booleanValue(),
                            header.path("width").asInt(),
                            header.path("height").asInt()));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw new BusMessageException("a video message that is no picture: " + e.getMessage());
        }
    }

    /** Epoch milliseconds, possibly fractional, as an instant to the nanosecond. */
    private static Instant instant(BigDecimal millis) {
        BigDecimal nanos = millis.movePointRight(6);
        BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValue());
    }
}
