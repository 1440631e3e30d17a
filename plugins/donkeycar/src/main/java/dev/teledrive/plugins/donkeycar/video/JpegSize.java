package dev.teledrive.plugins.donkeycar.video;

import java.util.Optional;

/**
 * Reads a JPEG's size from its start-of-frame segment, walking the segments by their lengths so an
 * embedded thumbnail is never mistaken for the picture.
 */
final class JpegSize {

    /** A picture's size in pixels. */
    record Size(int width, int height) {}

    private JpegSize() {}

    /**
     * The size, or empty when {@code jpeg} is not a JPEG or ends before its frame header.
     *
     * @param jpeg a whole image, SOI first
     */
    static Optional<Size> of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return Optional.empty();
        }
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return Optional.empty(); // end of image or start of scan before any frame header
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (isStartOfFrame(marker)) {
                if (i + 9 > jpeg.length || length < 7) {
                    return Optional.empty();
                }
                int height = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
                int width = ((jpeg[i + 7] & 0xFF) << 8) | (jpeg[i + 8] & 0xFF);
                return width > 0 && height > 0 ? Optional.of(new Size(width, height)) : Optional.empty();
            }
            if (length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static boolean isStartOfFrame(int code) {
        // SOF0 to SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        return code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
    }
}
