package dev.teledrive.plugins.simulator.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes pictures to JPEG with the JDK's own writer, kept for the encoder's lifetime, at a fixed
 * quality. Writes through memory, never ImageIO's default file cache. One thread at a time.
 */
public final class JpegEncoder implements AutoCloseable {

    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    /** @param quality 1 to 100, as {@link CameraSettings#quality()} */
    public JpegEncoder(int quality) {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no JPEG writer: install a full JDK 17");
        }
        this.writer = writers.next();
        this.param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
    }

    /** The picture as a complete JPEG, in a new array that nothing else holds. */
    public byte[] encode(BufferedImage image) throws IOException {
        buffer.reset();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.setOutput(null);
        }
        return buffer.toByteArray();
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
