package dev.teledrive.plugins.donkeycar.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Cuts a {@code multipart/x-mixed-replace} body into its JPEG parts. Lenient where real cameras
 * differ: Donkeycar ends its boundary line with a bare line feed and puts the next boundary right
 * after the picture, other servers use CRLF everywhere and a blank line between parts. A part with
 * {@code Content-Length} is read by its length; one without, up to the JPEG's end-of-image marker.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
final class MjpegReader {

    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 32;

    private final InputStream in;
    private final int maxBytes;

    /**
     * @param in       the response body, buffered
     * @param maxBytes the largest picture accepted, so a stream that is not MJPEG cannot use up the memory
     */
    MjpegReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next picture.
     *
     * @return a whole JPEG, or {@code null} when the stream ended
     * @throws IOException when the stream breaks or is not MJPEG, with what was wrong
     */
    byte[] next() throws IOException {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        if (!line.startsWith("--")) {
            throw new IOException(
                    "it is not an MJPEG stream: a part starts with '" + printable(line) + "' instead of a boundary");
        }
        int length = -1;
        for (int n = 0; ; n++) {
            line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                break;
            }
            if (n == MAX_HEADERS) {
                throw new IOException("it is not an MJPEG stream: a part has over " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = contentLength(value);
            } else if (name.equals("content-type")
                    && !value.toLowerCase(Locale.ROOT).startsWith("image/jpeg")) {
                throw new IOException("it sends " + printable(value) + " pictures, not image/jpeg");
            }
        }
        byte[] jpeg = length >= 0 ? in.readNBytes(length) : untilEndOfImage();
        if (jpeg == null || (length >= 0 && jpeg.length < length)) {
            return null;
        }
        if (jpeg.length < 2 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IOException("it is not an MJPEG stream: a part is not a JPEG picture");
        }
        return jpeg;
    }

    private int contentLength(String value) throws IOException {
        int length;
        try {
            length = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IOException(
                    "it is not an MJPEG stream: a part's Content-Length is '" + printable(value) + "'", e);
        }
        if (length < 0 || length > maxBytes) {
            throw new IOException("a picture of " + length + " bytes is over the " + maxBytes + " bytes allowed");
        }
        return length;
    }

    /** The bytes up to and including FF D9, or {@code null} if the stream ends first. */
    private byte[] untilEndOfImage() throws IOException {
        var out = new java.io.ByteArrayOutputStream(64 * 1024);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            out.write(b);
            if (previous == 0xFF && b == 0xD9) {
                return out.toByteArray();
            }
            if (out.size() > maxBytes) {
                throw new IOException("a picture without Content-Length runs over the " + maxBytes + " bytes allowed");
            }
            previous = b;
        }
    }

    /** A line without its LF or CRLF, or {@code null} at the end of the stream. */
    private String readLine() throws IOException {
        byte[] line = new byte[MAX_LINE];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == MAX_LINE) {
                throw new IOException("it is not an MJPEG stream: a header line is over " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) b;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
