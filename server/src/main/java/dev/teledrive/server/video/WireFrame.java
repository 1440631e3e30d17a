package dev.teledrive.server.video;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One published frame as it goes out, built once and shared by every viewer: each gets a read-only
 * duplicate of the same bytes, so a thousand viewers cost one encoding, not a thousand.
 *
 * <p>On {@code /video} a frame is one binary message: 4 bytes big-endian header length N, N bytes of
 * UTF-8 JSON header, then the encoded frame (PROTOCOL.md, "Video"). For {@code .mjpg} streams the
 * multipart part is built the first time one asks for it, again once for all.
 */
public final class WireFrame {

    /** Ends the part headers of an MJPEG part; the boundary line comes before them. */
    public static final String BOUNDARY = "teledriveframe";

    private final VideoCodec codec;
    private final long seq;
    private final boolean key;
    private final ByteBuffer wire;
    private final byte[] data;
    private volatile ByteBuffer part;

    private WireFrame(VideoCodec codec, long seq, boolean key, ByteBuffer wire, byte[] data) {
        this.codec = codec;
        this.seq = seq;
        this.key = key;
        this.wire = wire;
        this.data = data;
    }

    /** Encodes a frame of a camera, numbered {@code seq}. */
    static WireFrame of(String cameraId, long seq, VideoFrame frame) {
        // The camera id matches [a-z0-9-] (CameraSpec), or is CAMERA@SITE at a hub: no JSON escaping needed.
        String header = "{\"camera\":\"" + cameraId + "\",\"seq\":" + seq + ",\"t\":" + epochMillis(frame.captured())
                + ",\"codec\":\"" + frame.codec().wireName() + "\",\"key\":" + frame.key() + ",\"width\":"
                + frame.width() + ",\"height\":" + frame.height() + "}";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer wire = ByteBuffer.allocate(4 + head.length + frame.data().length);
        wire.putInt(head.length).put(head).put(frame.data()).flip();
        return new WireFrame(frame.codec(), seq, frame.key(), wire.asReadOnlyBuffer(), frame.data());
    }

    /** Epoch milliseconds with the sub-millisecond part as a fraction, as short as it can be written. */
    static String epochMillis(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond())
                .multiply(BigDecimal.valueOf(1000))
                .add(BigDecimal.valueOf(t.getNano(), 6))
                .stripTrailingZeros()
                .toPlainString();
    }

    VideoCodec codec() {
        return codec;
    }

    /** Its number in the camera's stream. */
    long seq() {
        return seq;
    }

    boolean key() {
        return key;
    }

    /** The {@code /video} binary message: a read-only view of the shared bytes. */
    public ByteBuffer wire() {
        return wire.duplicate();
    }

    /**
     * The {@code multipart/x-mixed-replace} part of a JPEG frame: boundary, {@code Content-Type},
     * {@code Content-Length}, a blank line and the JPEG, then the line end before the next boundary.
     */
    public ByteBuffer mjpegPart() {
        ByteBuffer built = part;
        if (built == null) {
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + data.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(head.length + data.length + 2);
            b.put(head).put(data).put((byte) '\r').put((byte) '\n').flip();
            built = b.asReadOnlyBuffer();
            part = built; // two threads racing build equal bytes; either copy serves
        }
        return built.duplicate();
    }
}
