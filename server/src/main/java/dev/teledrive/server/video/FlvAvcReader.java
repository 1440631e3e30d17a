package dev.teledrive.server.video;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the H.264 access units out of an FLV stream, such as ffmpeg's {@code -f flv pipe:1}, and
 * gives each in Annex B form (start codes), a key frame with its SPS and PPS in front.
 *
 * <p>FLV rather than a raw {@code -f h264} stream because each tag says its size up front: an
 * access unit is whole as soon as its tag has arrived, while in a raw stream its end shows only
 * when the next one begins, a frame later. For the same reason the size of the previous tag, which
 * FLV writes after each tag, is read before the next tag rather than after this one.
 */
final class FlvAvcReader {

    /**
     * One access unit in Annex B form; {@code key} when it holds an IDR picture; {@code millis} its
     * FLV time, which wraps at 2<sup>32</sup> ms (compare times by their difference).
     */
    record AccessUnit(byte[] annexB, boolean key, int millis) {}

    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final int TAG_VIDEO = 9;
    private static final int CODEC_AVC = 7;
    private static final int AVC_SEQUENCE_HEADER = 0;
    private static final int AVC_NALU = 1;
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    /** Far above any access unit ffmpeg makes of a camera picture; a larger size means a broken stream. */
    private static final int MAX_TAG = 8 << 20;

    private final InputStream in;
    private boolean headerRead;
    /** SPS and PPS from the last sequence header, in Annex B form. */
    private byte[] parameterSets = new byte[0];

    private int nalLengthSize = 4;

    FlvAvcReader(InputStream in) {
        this.in = in;
    }

    /**
     * Blocks until the next access unit has arrived whole.
     *
     * @return the access unit, or {@code null} at the end of the stream
     * @throws IOException when the stream breaks or is not FLV with H.264 video
     */
    AccessUnit next() throws IOException {
        if (!headerRead) {
            if (!readHeader()) {
                return null;
            }
            headerRead = true;
        }
        while (true) {
            byte[] previousTagSize = in.readNBytes(4);
            if (previousTagSize.length < 4) {
                return null; // ffmpeg ends the stream after a whole tag's size
            }
            byte[] header = in.readNBytes(11);
            if (header.length == 0) {
                return null;
            }
            if (header.length < 11) {
                throw new EOFException("the FLV stream ended inside a tag header");
            }
            int type = header[0] & 0x1F;
            int size = uint(header, 1, 3);
            if (size > MAX_TAG) {
                throw new IOException("an FLV tag of " + size + " bytes: the stream is broken");
            }
            byte[] data = in.readNBytes(size);
            if (data.length < size) {
                throw new EOFException("the FLV stream ended inside a tag");
            }
            if (type != TAG_VIDEO) {
                continue; // script data (onMetaData)
            }
            int millis = (header[7] & 0xFF) << 24 | uint(header, 4, 3); // the 8 upper bits come last
            AccessUnit unit = video(data, millis);
            if (unit != null) {
                return unit;
            }
        }
    }

    private boolean readHeader() throws IOException {
        byte[] start = in.readNBytes(9);
        if (start.length == 0) {
            return false;
        }
        if (start.length < 9 || start[0] != 'F' || start[1] != 'L' || start[2] != 'V') {
            throw new IOException("not an FLV stream");
        }
        int headerSize = uint(start, 5, 4);
        if (headerSize < 9 || headerSize > 1024) {
            throw new IOException("an FLV header of " + headerSize + " bytes: the stream is broken");
        }
        in.skipNBytes(headerSize - 9);
        return true;
    }

    private AccessUnit video(byte[] data, int millis) throws IOException {
        if (data.length < 5 || (data[0] & 0x0F) != CODEC_AVC) {
            throw new IOException("the FLV stream's video is not H.264");
        }
        int packetType = data[1];
        if (packetType == AVC_SEQUENCE_HEADER) {
            readConfiguration(data, 5);
            return null;
        }
        if (packetType != AVC_NALU) {
            return null; // end of sequence
        }
        List<byte[]> nals = new ArrayList<>();
        boolean idr = false;
        boolean hasSps = false;
        int at = 5;
        while (at < data.length) {
            if (at + nalLengthSize > data.length) {
                throw new IOException("an H.264 NAL unit's length is cut off");
            }
            int length = uint(data, at, nalLengthSize);
            at += nalLengthSize;
            if (length <= 0 || length > data.length - at) {
                throw new IOException("an H.264 NAL unit of " + length + " bytes overruns its FLV tag");
            }
            int nalType = data[at] & 0x1F;
            idr |= nalType == NAL_IDR;
            hasSps |= nalType == NAL_SPS;
            byte[] nal = new byte[length];
            System.arraycopy(data, at, nal, 0, length);
            nals.add(nal);
            at += length;
        }
        if (nals.isEmpty()) {
            return null;
        }
        var out = new ByteArrayOutputStream(data.length + parameterSets.length + 4 * nals.size());
        if (idr && !hasSps) {
            out.writeBytes(parameterSets); // so a decoder can start on any key frame
        }
        for (byte[] nal : nals) {
            out.writeBytes(START_CODE);
            out.writeBytes(nal);
        }
        return new AccessUnit(out.toByteArray(), idr, millis);
    }

    /** An AVCDecoderConfigurationRecord (ISO 14496-15): the NAL length size, the SPS and the PPS. */
    private void readConfiguration(byte[] data, int at) throws IOException {
        try {
            nalLengthSize = (data[at + 4] & 0x03) + 1;
            var sets = new ByteArrayOutputStream();
            at += 5;
            for (int kind = 0; kind < 2; kind++) { // SPS, then PPS
                int count = kind == 0 ? data[at] & 0x1F : data[at] & 0xFF;
                at++;
                for (int i = 0; i < count; i++) {
                    int length = uint(data, at, 2);
                    at += 2;
                    if (at + length > data.length) {
                        throw new IOException("the H.264 decoder configuration is cut off");
                    }
                    sets.writeBytes(START_CODE);
                    sets.write(data, at, length);
                    at += length;
                }
            }
            parameterSets = sets.toByteArray();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("the H.264 decoder configuration is cut off", e);
        }
    }

    private static int uint(byte[] b, int at, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
