package dev.teledrive.plugins.ffmpegcamera.jpeg;

import java.time.Instant;
import java.util.Arrays;

/**
 * Cuts a stream of concatenated JPEG images (ffmpeg's {@code -f mjpeg}) into single images, each
 * handed on the moment its end-of-image marker arrives, never waiting for the next image.
 *
 * <p>It follows the JPEG structure rather than searching for the end marker's two bytes: header
 * segments are skipped by their length, so a thumbnail a camera embeds in its EXIF data does not end
 * the frame early, and in the compressed data only a marker that is neither stuffing ({@code FF 00})
 * nor a restart marker counts. The size comes from the frame's SOF segment.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class JpegSplitter {

    /** Receives each complete image. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One image.
         *
         * @param jpeg       the image, SOI to EOI, a new array the listener may keep
         * @param width      its width from the SOF segment
         * @param height     its height
         * @param firstBytes when the chunk holding its first bytes was read
         */
        void frame(byte[] jpeg, int width, int height, Instant firstBytes);
    }

    private enum State {
        SEEK_SOI,
        MARKER_FF,
        MARKER_CODE,
        LENGTH_HIGH,
        LENGTH_LOW,
        SEGMENT,
        ENTROPY,
        ENTROPY_FF
    }

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private final Listener listener;
    private final int maxBytes;
    private byte[] frame = new byte[64 * 1024];
    private int size;
    private State state = State.SEEK_SOI;
    private boolean sawFf;
    private int marker;
    private int segmentStart;
    private int remaining;
    private int width;
    private int height;
    private Instant firstBytes = Instant.EPOCH;
    private long dropped;

    /**
     * A splitter.
     *
     * @param listener told about each image
     * @param maxBytes the largest image accepted; a longer one is dropped, so a stream that is not
     *                 JPEG cannot use up the memory
     */
    public JpegSplitter(Listener listener, int maxBytes) {
        this.listener = listener;
        this.maxBytes = maxBytes;
    }

    /** How many images were dropped so far: too big, or without a size. */
    public long dropped() {
        return dropped;
    }

    /**
     * Takes the next bytes of the stream.
     *
     * @param chunk   the bytes
     * @param offset  where they start
     * @param length  how many
     * @param arrived when they were read, the capture time of an image starting in them
     */
    public void feed(byte[] chunk, int offset, int length, Instant arrived) {
        for (int i = offset; i < offset + length; i++) {
            int b = chunk[i] & 0xFF;
            if (state == State.SEEK_SOI) {
                seekSoi(b, arrived);
                continue;
            }
            if (size == maxBytes) {
                dropped++;
                state = State.SEEK_SOI;
                sawFf = false;
                continue;
            }
            append(b);
            step(b, arrived);
        }
    }

    private void seekSoi(int b, Instant arrived) {
        if (sawFf && b == SOI) {
            begin(arrived);
        } else {
            sawFf = b == 0xFF;
        }
    }

    private void begin(Instant arrived) {
        sawFf = false;
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) SOI;
        size = 2;
        width = 0;
        height = 0;
        firstBytes = arrived;
        state = State.MARKER_FF;
    }

    private void step(int b, Instant arrived) {
        switch (state) {
            case MARKER_FF -> {
                if (b == 0xFF) {
                    state = State.MARKER_CODE;
                } else {
                    // Not a marker where one must be: this is no JPEG we understand; find the next.
                    restart();
                }
            }
            case MARKER_CODE -> marker(b, arrived);
            case LENGTH_HIGH -> {
                remaining = b << 8;
                state = State.LENGTH_LOW;
            }
            case LENGTH_LOW -> {
                remaining = (remaining | b) - 2;
                segmentStart = size;
                if (remaining < 0) {
                    restart();
                } else if (remaining == 0) {
                    segmentDone();
                } else {
                    state = State.SEGMENT;
                }
            }
            case SEGMENT -> {
                if (--remaining == 0) {
                    segmentDone();
                }
            }
            case ENTROPY -> {
                if (b == 0xFF) {
                    state = State.ENTROPY_FF;
                }
            }
            case ENTROPY_FF -> {
                if (b == 0x00 || (b >= 0xD0 && b <= 0xD7)) {
                    state = State.ENTROPY; // stuffed byte or restart marker: still compressed data
                } else if (b != 0xFF) {
                    marker(b, arrived); // EOI, or the next scan's tables of a progressive image
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void marker(int code, Instant arrived) {
        if (code == 0xFF) {
            return; // fill bytes before a marker
        }
        marker = code;
        if (code == EOI) {
            finish();
        } else if (code == SOI) {
            begin(arrived); // a new image before this one ended: the rest of this one is lost
        } else if ((code >= 0xD0 && code <= 0xD7) || code == 0x01) {
            state = State.MARKER_FF; // markers without a length
        } else {
            state = State.LENGTH_HIGH;
        }
    }

    private void segmentDone() {
        if (isStartOfFrame(marker) && size - segmentStart >= 5) {
            height = ((frame[segmentStart + 1] & 0xFF) << 8) | (frame[segmentStart + 2] & 0xFF);
            width = ((frame[segmentStart + 3] & 0xFF) << 8) | (frame[segmentStart + 4] & 0xFF);
        }
        state = marker == SOS ? State.ENTROPY : State.MARKER_FF;
    }

    private static boolean isStartOfFrame(int code) {
        // SOF0 to SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        return code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
    }

    private void finish() {
        if (width > 0 && height > 0) {
            listener.frame(Arrays.copyOf(frame, size), width, height, firstBytes);
        } else {
            dropped++;
        }
        restart();
    }

    private void restart() {
        state = State.SEEK_SOI;
        sawFf = false;
        size = 0;
    }

    private void append(int b) {
        if (size == frame.length) {
            frame = Arrays.copyOf(frame, Math.min(maxBytes, frame.length * 2));
        }
        frame[size++] = (byte) b;
    }
}
