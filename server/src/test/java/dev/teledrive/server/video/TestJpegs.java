package dev.teledrive.server.video;

import dev.teledrive.api.VideoFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** JPEG pictures of a rectangle moving across a 640x480 frame, as a camera would send them. */
final class TestJpegs {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** 30 pictures a second. */
    static final Duration INTERVAL = Duration.ofNanos(33_333_333);

    private TestJpegs() {}

    /** {@code count} pictures, captured {@link #INTERVAL} apart from {@code start}. */
    static List<VideoFrame> frames(int count, Instant start) {
        List<VideoFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(VideoFrame.jpeg(picture(i), start.plus(INTERVAL.multipliedBy(i)), WIDTH, HEIGHT));
        }
        return frames;
    }

    /** The same pictures as {@link #frames}, to be stamped when they are sent. */
    static List<byte[]> pictures(int count) {
        List<byte[]> pictures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pictures.add(picture(i));
        }
        return pictures;
    }

    private static byte[] picture(int i) {
        return picture(i, WIDTH, HEIGHT);
    }

    /** Picture {@code i} of the moving rectangle, in another size. */
    static byte[] picture(int i, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 90, 40));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillRect((i * 7) % (width - 80), (i * 3) % (height - 60), 80, 60);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
