package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlvAvcReaderTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final byte[] SEI = {0x06, 0x05, 0x01, 0x02};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x40, 0x01, 0x02, 0x03};
    private static final byte[] P = {0x41, (byte) 0x9A, 0x02};

    @Test
    void aKeyFrameGetsTheParameterSetsInFrontAndEveryNalUnitAStartCode() throws IOException {
        var flv = new Flv()
                .header()
                .script()
                .sequenceHeader(4)
                .video(true, 4, SEI, IDR)
                .video(false, 4, P)
                .end();

        var reader = new FlvAvcReader(new ByteArrayInputStream(flv.bytes()));

        FlvAvcReader.AccessUnit key = reader.next();
        assertTrue(key.key());
        assertArrayEquals(annexB(SPS, PPS, SEI, IDR), key.annexB());
        FlvAvcReader.AccessUnit next = reader.next();
        assertFalse(next.key());
        assertArrayEquals(annexB(P), next.annexB());
        assertNull(reader.next(), "the end-of-sequence tag and the end of the stream");
        assertNull(reader.next());
    }

    @Test
    void anAccessUnitIsGivenAsSoonAsItsTagHasArrivedWithoutReadingFurther() throws IOException {
        var flv = new Flv().header().sequenceHeader(4).video(true, 4, IDR);
        int whole = flv.size();
        flv.video(false, 4, P); // written later: reading it now would wait for the next frame

        var reader = new FlvAvcReader(new NoFurther(flv.bytes(), whole));

        assertArrayEquals(annexB(SPS, PPS, IDR), reader.next().annexB());
    }

    @Test
    void anAccessUnitHasItsTagsTimeWithTheUpperBitsFromTheExtensionByte() throws IOException {
        var flv = new Flv().header().sequenceHeader(4).at(0x12345678).video(true, 4, IDR);

        assertEquals(
                0x12345678,
                new FlvAvcReader(new ByteArrayInputStream(flv.bytes())).next().millis());
    }

    @Test
    void twoByteNalLengthsAreRead() throws IOException {
        var flv = new Flv().header().sequenceHeader(2).video(false, 2, P, P);

        assertArrayEquals(
                annexB(P, P),
                new FlvAvcReader(new ByteArrayInputStream(flv.bytes())).next().annexB());
    }

    @Test
    void aKeyFrameThatCarriesItsOwnParameterSetsGetsNoSecondCopy() throws IOException {
        var flv = new Flv().header().sequenceHeader(4).video(true, 4, SPS, PPS, IDR);

        assertArrayEquals(
                annexB(SPS, PPS, IDR),
                new FlvAvcReader(new ByteArrayInputStream(flv.bytes())).next().annexB());
    }

    @Test
    void anEmptyStreamHasNoAccessUnits() throws IOException {
        assertNull(new FlvAvcReader(new ByteArrayInputStream(new byte[0])).next());
    }

    @Test
    void somethingElseThanFlvIsRefused() {
        var reader = new FlvAvcReader(new ByteArrayInputStream("RIFF....WAVEfmt ".getBytes()));

        assertEquals(
                "not an FLV stream",
                assertThrows(IOException.class, reader::next).getMessage());
    }

    @Test
    void videoThatIsNotH264IsRefused() {
        var flv = new Flv().header().tag(9, new byte[] {0x12, 0, 0, 0, 0, 1}); // a key frame of codec 2

        var reader = new FlvAvcReader(new ByteArrayInputStream(flv.bytes()));

        assertEquals(
                "the FLV stream's video is not H.264",
                assertThrows(IOException.class, reader::next).getMessage());
    }

    @Test
    void aStreamCutInsideATagIsAnError() {
        byte[] whole = new Flv().header().sequenceHeader(4).video(true, 4, IDR).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 4 - 3); // the tag's last 3 bytes, and its size

        var reader = new FlvAvcReader(new ByteArrayInputStream(cut));

        assertThrows(EOFException.class, reader::next);
    }

    @Test
    void aNalUnitLongerThanItsTagIsAnError() {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 99, 0x65});
        var flv = new Flv().header().sequenceHeader(4).tag(9, body.toByteArray());

        var reader = new FlvAvcReader(new ByteArrayInputStream(flv.bytes()));

        assertEquals(
                "an H.264 NAL unit of 99 bytes overruns its FLV tag",
                assertThrows(IOException.class, reader::next).getMessage());
    }

    @Test
    void anAbsurdTagSizeIsAnErrorNotAnAllocation() {
        var flv = new Flv().header();
        flv.out.writeBytes(new byte[] {9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0});

        var reader = new FlvAvcReader(new ByteArrayInputStream(flv.bytes()));

        assertEquals(
                "an FLV tag of 16777215 bytes: the stream is broken",
                assertThrows(IOException.class, reader::next).getMessage());
    }

    private static byte[] annexB(byte[]... nals) {
        var out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** An FLV stream as ffmpeg's muxer writes it: each tag followed by its size. */
    private static final class Flv {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int millis;

        Flv at(int time) {
            millis = time;
            return this;
        }

        Flv header() {
            out.writeBytes(new byte[] {'F', 'L', 'V', 1, 1, 0, 0, 0, 9, 0, 0, 0, 0});
            return this;
        }

        Flv script() {
            return tag(18, new byte[] {2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 8, 0, 0, 0, 0});
        }

        Flv sequenceHeader(int nalLengthSize) {
            var b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {0x17, 0, 0, 0, 0});
            b.writeBytes(new byte[] {1, SPS[1], SPS[2], SPS[3], (byte) (0xFC | (nalLengthSize - 1)), (byte) 0xE1});
            b.writeBytes(new byte[] {0, (byte) SPS.length});
            b.writeBytes(SPS);
            b.writeBytes(new byte[] {1, 0, (byte) PPS.length});
            b.writeBytes(PPS);
            return tag(9, b.toByteArray());
        }

        Flv video(boolean key, int nalLengthSize, byte[]... nals) {
            var b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {(byte) (key ? 0x17 : 0x27), 1, 0, 0, 0});
            for (byte[] nal : nals) {
                for (int i = nalLengthSize - 1; i >= 0; i--) {
                    b.write(nal.length >>> (8 * i));
                }
                b.writeBytes(nal);
            }
            return tag(9, b.toByteArray());
        }

        Flv end() {
            return tag(9, new byte[] {0x17, 2, 0, 0, 0});
        }

        Flv tag(int type, byte[] data) {
            out.writeBytes(new byte[] {(byte) type, (byte) (data.length >>> 16), (byte) (data.length >>> 8)});
            out.writeBytes(new byte[] {(byte) data.length, (byte) (millis >>> 16), (byte) (millis >>> 8)});
            out.writeBytes(new byte[] {(byte) millis, (byte) (millis >>> 24), 0, 0, 0});
            out.writeBytes(data);
            int size = 11 + data.length;
            out.writeBytes(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
            return this;
        }

        /** The bytes so far, without the size after the last tag, which ffmpeg writes with the tag. */
        int size() {
            return out.size() - 4;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Fails the test when asked for more than the first {@code limit} bytes. */
    private static final class NoFurther extends InputStream {
        private final byte[] bytes;
        private final int limit;
        private int at;

        NoFurther(byte[] bytes, int limit) {
            this.bytes = bytes;
            this.limit = limit;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at >= limit) {
                throw new AssertionError("read past the access unit: it would wait for the next frame");
            }
            int n = Math.min(len, limit - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
