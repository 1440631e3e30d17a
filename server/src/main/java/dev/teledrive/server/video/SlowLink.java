package dev.teledrive.server.video;

/**
 * Whether a JPEG viewer gets the lighter copy of each frame ({@link JpegReducer}), judged from
 * the frames it skips. A viewer that skips half the frames of a window is on a slow link: every
 * frame it gets had the bytes of older ones queued ahead of it (at 200 KB/s, 20 KB frames arrive
 * a quarter of a second old), while a quarter of the bytes lets it take nearly every frame, each
 * fresh. After a while on the lighter copy it tries full frames again, as a link may have got
 * better: a try ends at the fifth frame skipped, before the frames queued behind its full ones
 * grow old, and a failed try makes the next one wait twice as long (one a minute at first, at most
 * one in eight). Counted in frames, not time, so it needs no clock. Not thread-safe: its viewer
 * holds its own lock around it.
 */
final class SlowLink {

    /** Frames judged together: a second at 30 frames a second. */
    static final int WINDOW = 30;
    /** Skipping this many of a window's frames means the link is slow. */
    static final int SLOW_SKIPS = WINDOW / 2;
    /** Skipping at most this many on the lighter copy means the link could try full frames. */
    static final int EASY_SKIPS = WINDOW / 10;
    /** Frames on the lighter copy before the first try of full frames: a minute at 30 fps. */
    static final int FIRST_TRY = 60 * WINDOW;
    /** Skips that end a try at once, before the frames queued behind the full ones grow old. */
    static final int FAILED_TRY_SKIPS = 5;
    /** The longest wait before a try. */
    static final int LONGEST_TRY = 8 * FIRST_TRY;
    /** Windows a try must last without the link turning out slow for it to count as a success. */
    private static final int TRIAL_WINDOWS = 3;

    private int offered;
    private int skipped;
    private boolean slow;
    private int slowFor;
    private int tryAfter = FIRST_TRY;
    /** Windows since full frames were tried (again), or -1 when no try is on: a new viewer's first frames are one. */
    private int trying = 0;
    /** Whether the link was ever found slow: only a try after that can fail. */
    private boolean wasSlow;

    /** Whether the viewer gets the lighter copy now. */
    boolean slow() {
        return slow;
    }

    /**
     * Counts one frame the viewer was offered.
     *
     * @param skip whether it dropped a frame it had no time to send
     * @return whether the viewer now gets the other copy
     */
    boolean count(boolean skip) {
        offered++;
        if (skip) {
            skipped++;
        }
        if (slow) {
            slowFor++;
        }
        if (trying == 0 && skipped >= FAILED_TRY_SKIPS) {
            goSlow();
            return true;
        }
        if (offered < WINDOW) {
            return false;
        }
        boolean changed = judge();
        offered = 0;
        skipped = 0;
        return changed;
    }

    private boolean judge() {
        if (slow) {
            if (slowFor >= tryAfter && skipped <= EASY_SKIPS) {
                slow = false;
                trying = 0;
                return true;
            }
            return false;
        }
        if (skipped >= SLOW_SKIPS) {
            goSlow();
            return true;
        }
        if (trying >= 0 && ++trying >= TRIAL_WINDOWS) {
            trying = -1; // the link got better: a later slow spell starts over
            tryAfter = FIRST_TRY;
        }
        return false;
    }

    private void goSlow() {
        if (trying >= 0 && wasSlow) {
            tryAfter = Math.min(2 * tryAfter, LONGEST_TRY); // the try failed
        }
        wasSlow = true;
        slow = true;
        slowFor = 0;
        trying = -1;
        offered = 0;
        skipped = 0;
    }
}
