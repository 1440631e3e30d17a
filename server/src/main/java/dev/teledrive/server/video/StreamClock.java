package dev.teledrive.server.video;

import java.time.Instant;

/**
 * The times of the pictures sent to ffmpeg: milliseconds since the first picture's capture,
 * always increasing. ffmpeg carries them through to each access unit (FLV counts milliseconds
 * too), which is how an access unit finds its picture; and its FLV muxer refuses a time that does
 * not increase, so a picture captured in the same millisecond as the last, or before it, is moved
 * to one millisecond after it.
 */
final class StreamClock {

    private Instant first;
    private long last = -1;

    /** The stream time of a picture captured at {@code captured}, the next after the last one given. */
    long next(Instant captured) {
        if (first == null) {
            first = captured;
        }
        last = Math.max(last + 1, Math.max(0, captured.toEpochMilli() - first.toEpochMilli()));
        return last;
    }
}
