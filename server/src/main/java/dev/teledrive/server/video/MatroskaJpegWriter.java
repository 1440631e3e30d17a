package dev.teledrive.server.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JPEG pictures as a live Matroska stream (codec {@code V_MJPEG}) for ffmpeg's stdin, each
 * stamped with its time in milliseconds ({@link StreamClock} makes them from the capture times).
 *
 * <p>Matroska rather than bare JPEGs ({@code -f mjpeg}) because bare JPEGs carry no time: ffmpeg
 * would have to invent one, from a fixed rate or from the moment a picture reached it, and could
 * then not place key frames by the camera's own time when its rate varies. With the capture time
 * in the stream, {@code -force_key_frames} counts the camera's seconds, exactly and testably.
 *
 * <p>Each picture goes in a cluster of its own of known size, so ffmpeg has the whole picture as
 * soon as its last byte arrives; the segment's size is unknown, as in any live stream.
 */
final class MatroskaJpegWriter {

    private static final int EBML = 0x1A45DFA3;
    private static final int SEGMENT = 0x18538067;
    private static final int INFO = 0x1549A966;
    private static final int TIMESTAMP_SCALE = 0x2AD7B1;
    private static final int MUXING_APP = 0x4D80;
    private static final int WRITING_APP = 0x5741;
    private static final int TRACKS = 0x1654AE6B;
    private static final int TRACK_ENTRY = 0xAE;
    private static final int CLUSTER = 0x1F43B675;
    private static final int CLUSTER_TIMESTAMP = 0xE7;
    private static final int SIMPLE_BLOCK = 0xA3;
    /** The size "unknown", for the segment of a stream that has no end yet. */
    private static final byte[] UNKNOWN_SIZE = {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, -1, -1, -1};

    private final OutputStream out;
    private boolean started;

    MatroskaJpegWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes one picture at {@code millis} and flushes it; the first also writes the stream's
     * header, with this size. Times must increase: ffmpeg's FLV muxer refuses a time that does not.
     */
    void write(byte[] jpeg, long millis, int width, int height) throws IOException {
        if (!started) {
            started = true;
            out.write(header(width, height));
        }
        var cluster = new ByteArrayOutputStream(jpeg.length + 32);
        element(cluster, CLUSTER_TIMESTAMP, unsigned(millis));
        byte[] blockHead = {(byte) 0x81, 0, 0, (byte) 0x80}; // track 1, at the cluster's time, a key frame
        writeId(cluster, SIMPLE_BLOCK);
        writeSize(cluster, blockHead.length + jpeg.length);
        cluster.writeBytes(blockHead);
        cluster.writeBytes(jpeg);
        var frame = new ByteArrayOutputStream(cluster.size() + 12);
        writeId(frame, CLUSTER);
        writeSize(frame, cluster.size());
        cluster.writeTo(frame);
        frame.writeTo(out);
        out.flush();
    }

    private static byte[] header(int width, int height) {
        var b = new ByteArrayOutputStream();
        var ebml = new ByteArrayOutputStream();
        element(ebml, 0x4286, unsigned(1)); // EBMLVersion
        element(ebml, 0x42F7, unsigned(1)); // EBMLReadVersion
        element(ebml, 0x42F2, unsigned(4)); // EBMLMaxIDLength
        element(ebml, 0x42F3, unsigned(8)); // EBMLMaxSizeLength
        element(ebml, 0x4282, "matroska".getBytes(StandardCharsets.US_ASCII)); // DocType
        element(ebml, 0x4287, unsigned(4)); // DocTypeVersion
        element(ebml, 0x4285, unsigned(2)); // DocTypeReadVersion
        element(b, EBML, ebml.toByteArray());

        writeId(b, SEGMENT);
        b.writeBytes(UNKNOWN_SIZE);
        var info = new ByteArrayOutputStream();
        element(info, TIMESTAMP_SCALE, unsigned(1_000_000)); // nanoseconds per tick: milliseconds
        element(info, MUXING_APP, "teledrive".getBytes(StandardCharsets.US_ASCII));
        element(info, WRITING_APP, "teledrive".getBytes(StandardCharsets.US_ASCII));
        element(b, INFO, info.toByteArray());

        var video = new ByteArrayOutputStream();
        element(video, 0xB0, unsigned(width)); // PixelWidth
        element(video, 0xBA, unsigned(height)); // PixelHeight
        var track = new ByteArrayOutputStream();
        element(track, 0xD7, unsigned(1)); // TrackNumber
        element(track, 0x73C5, unsigned(1)); // TrackUID
        element(track, 0x83, unsigned(1)); // TrackType: video
        element(track, 0x9C, unsigned(0)); // FlagLacing
        element(track, 0x86, "V_MJPEG".getBytes(StandardCharsets.US_ASCII)); // CodecID
        element(track, 0xE0, video.toByteArray()); // Video
        var tracks = new ByteArrayOutputStream();
        element(tracks, TRACK_ENTRY, track.toByteArray());
        element(b, TRACKS, tracks.toByteArray());
        return b.toByteArray();
    }

    private static void element(ByteArrayOutputStream to, int id, byte[] data) {
        writeId(to, id);
        writeSize(to, data.length);
        to.writeBytes(data);
    }

    /** An EBML id is written as is: its leading bits already say its length. */
    private static void writeId(ByteArrayOutputStream to, int id) {
        int bytes = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        for (int i = bytes - 1; i >= 0; i--) {
            to.write(id >>> (8 * i));
        }
    }

    /** An EBML size in 8 bytes (a 0x01 marker, then 7 bytes): simple, and any JPEG fits. */
    private static void writeSize(ByteArrayOutputStream to, long size) {
        to.write(0x01);
        for (int i = 6; i >= 0; i--) {
            to.write((int) (size >>> (8 * i)));
        }
    }

    private static byte[] unsigned(long value) {
        int bytes = 1;
        while (bytes < 8 && (value >>> (8 * bytes)) != 0) {
            bytes++;
        }
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
        return b;
    }
}
