package dev.teledrive.plugins.ffmpegcamera.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegSplitterTest {

    private record Frame(byte[] jpeg, int width, int height, Instant firstBytes) {}

    private final List<Frame> frames = new ArrayList<>();
    private final JpegSplitter splitter = new JpegSplitter(
            (jpeg, width, height, firstBytes) -> frames.add(new Frame(jpeg, width, height, firstBytes)), 1 << 20);

    @Test
    void eachImageComesOutWholeWithItsSizeAsSoonAsItEnds() throws IOException {
        byte[] a = jpeg(64, 48);
        byte[] b = jpeg(32, 16);
        splitter.feed(a, 0, a.length, Instant.ofEpochSecond(1));
        assertEquals(1, frames.size(), "no waiting for the next image");
        splitter.feed(b, 0, b.length, Instant.ofEpochSecond(2));
        assertEquals(2, frames.size());
        assertArrayEquals(a, frames.get(0).jpeg());
        assertEquals(64, frames.get(0).width());
        assertEquals(48, frames.get(0).height());
        assertArrayEquals(b, frames.get(1).jpeg());
        assertEquals(32, frames.get(1).width());
        assertEquals(16, frames.get(1).height());
    }

    @Test
    void byteByByteTheCaptureTimeIsWhenTheFirstBytesCame() throws IOException {
        byte[] a = jpeg(40, 30);
        for (int i = 0; i < a.length; i++) {
            splitter.feed(a, i, 1, Instant.ofEpochSecond(100 + i));
        }
        assertEquals(1, frames.size());
        assertArrayEquals(a, frames.get(0).jpeg());
        // The chunk holding the SOI's second byte starts the frame.
        assertEquals(Instant.ofEpochSecond(101), frames.get(0).firstBytes());
    }

    @Test
    void manyImagesInOneChunkAndGarbageBetweenThem() throws IOException {
        byte[] a = jpeg(8, 8);
        byte[] b = jpeg(16, 8);
        byte[] stream = concat(new byte[] {1, 2, (byte) 0xFF, 3}, a, new byte[] {(byte) 0xFF, (byte) 0xFF}, b, a);
        splitter.feed(stream, 0, stream.length, Instant.EPOCH);
        assertEquals(3, frames.size());
        assertArrayEquals(a, frames.get(0).jpeg());
        assertArrayEquals(b, frames.get(1).jpeg());
        assertArrayEquals(a, frames.get(2).jpeg());
    }

    @Test
    void aThumbnailInsideAHeaderSegmentDoesNotEndTheImage() throws IOException {
        byte[] thumbnail = jpeg(4, 4);
        byte[] main = jpeg(64, 48);
        // An APP1 segment right after SOI, holding a whole JPEG as EXIF data does.
        int length = thumbnail.length + 2;
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, thumbnail);
        byte[] image = concat(Arrays.copyOf(main, 2), app1, Arrays.copyOfRange(main, 2, main.length));
        splitter.feed(image, 0, image.length, Instant.EPOCH);
        assertEquals(1, frames.size());
        assertArrayEquals(image, frames.get(0).jpeg());
        assertEquals(64, frames.get(0).width());
    }

    @Test
    void anImageWithoutASizeOrTooBigIsDropped() throws IOException {
        byte[] noSof = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        splitter.feed(noSof, 0, noSof.length, Instant.EPOCH);
        assertEquals(0, frames.size());
        assertEquals(1, splitter.dropped());

        byte[] big = jpeg(64, 64);
        byte[] ok = jpeg(1, 1);
        var small = new JpegSplitter((jpeg, w, h, t) -> frames.add(new Frame(jpeg, w, h, t)), ok.length + 10);
        byte[] all = concat(big, ok);
        small.feed(all, 0, all.length, Instant.EPOCH);
        assertEquals(1, small.dropped());
        assertEquals(1, frames.size());
        assertArrayEquals(ok, frames.get(0).jpeg());
    }

    @Test
    void aNewImageStartingBeforeTheLastEndedReplacesIt() throws IOException {
        byte[] a = jpeg(8, 8);
        byte[] b = jpeg(16, 16);
        byte[] stream = concat(Arrays.copyOf(a, a.length - 20), b);
        splitter.feed(stream, 0, stream.length, Instant.EPOCH);
        assertEquals(1, frames.size());
        assertArrayEquals(b, frames.get(0).jpeg());
    }

    static byte[] jpeg(int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 37 + y * 101) * 0x010305);
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
