package dev.teledrive.server.video;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes the lighter copy of a JPEG frame that viewers on a slow link get: half the width and
 * height at a lower quality, about a quarter of the bytes. Such a viewer then takes nearly every
 * frame instead of a few stale ones, since a frame's age on a slow link is mostly the bytes queued
 * ahead of it. Decoding reads every second pixel of every second line, which is cheaper than a
 * full decode and a scale. The JDK's own reader and writer, kept for the reducer's life; one
 * thread at a time (a camera publishes its frames from one thread).
 */
final class JpegReducer implements AutoCloseable {

    /** Quality of the lighter copy: blockier, still clear enough to steer by. */
    static final float QUALITY = 0.5f;

    private final ImageReader reader;
    private final ImageWriter writer;
    private final ImageReadParam half;
    private final ImageWriteParam quality;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);

    JpegReducer() {
        var readers = ImageIO.getImageReadersByFormatName("jpeg");
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!readers.hasNext() || !writers.hasNext()) {
            throw new IllegalStateException("this Java runtime cannot read and write JPEG: install a full JDK 17");
        }
        this.reader = readers.next();
        this.writer = writers.next();
        this.half = reader.getDefaultReadParam();
        half.setSourceSubsampling(2, 2, 0, 0);
        this.quality = writer.getDefaultWriteParam();
        quality.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        quality.setCompressionQuality(QUALITY);
    }

    /**
     * The lighter copy of a JPEG frame, with the same capture time; empty when the frame cannot be
     * read as a JPEG (the viewers on a slow link then get the frame as it is).
     */
    synchronized Optional<VideoFrame> reduce(VideoFrame frame) {
        if (frame.codec() != VideoCodec.JPEG) {
            return Optional.empty();
        }
        try {
            BufferedImage image;
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame.data()))) {
                reader.setInput(in, true, true);
                image = reader.read(0, half);
            } finally {
                reader.setInput(null);
            }
            buffer.reset();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), quality);
            } finally {
                writer.setOutput(null);
            }
            return Optional.of(new VideoFrame(
                    VideoCodec.JPEG,
                    buffer.toByteArray(),
                    frame.captured(),
                    frame.key(),
                    image.getWidth(),
                    image.getHeight()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a camera's odd JPEG (CMYK, progressive with errors): send it whole
        }
    }

    @Override
    public synchronized void close() {
        reader.dispose();
        writer.dispose();
    }
}
