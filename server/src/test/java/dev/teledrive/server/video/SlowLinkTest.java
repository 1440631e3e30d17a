package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a JPEG viewer gets the lighter copies, and when it tries full frames again. */
class SlowLinkTest {

    private static boolean frames(SlowLink link, int n, boolean skip) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            changed |= link.count(skip);
        }
        return changed;
    }

    /** A link that skips every other frame: as a 200 KB/s viewer of full frames does. */
    private static void halfSkipped(SlowLink link, int n) {
        for (int i = 0; i < n; i++) {
            link.count(i % 2 == 0);
        }
    }

    @Test
    void aViewerThatKeepsUpStaysOnFullFrames() {
        var link = new SlowLink();
        frames(link, 10 * SlowLink.WINDOW, false);
        link.count(true);
        frames(link, SlowLink.WINDOW, false);
        assertFalse(link.slow());
    }

    @Test
    void aNewViewerThatSkipsIsFoundSlowWithinItsFirstFrames() {
        var link = new SlowLink();
        frames(link, SlowLink.FAILED_TRY_SKIPS - 1, true);
        assertFalse(link.slow());
        assertTrue(link.count(true), "the fifth skip decides, long before a second of old frames");
        assertTrue(link.slow());
    }

    @Test
    void aViewerThatLaterSkipsHalfAWindowIsFoundSlowAtTheWindowsEnd() {
        var link = new SlowLink();
        frames(link, 3 * SlowLink.WINDOW, false);
        halfSkipped(link, SlowLink.WINDOW);
        assertTrue(link.slow());
    }

    @Test
    void aSlowLinkTriesFullFramesAfterAMinuteAndWaitsTwiceAsLongAfterAFailedTry() {
        var link = new SlowLink();
        frames(link, SlowLink.FAILED_TRY_SKIPS, true);
        assertTrue(link.slow());

        frames(link, SlowLink.FIRST_TRY - SlowLink.WINDOW, false);
        assertTrue(link.slow(), "no try before a minute of frames");
        assertTrue(frames(link, SlowLink.WINDOW, false));
        assertFalse(link.slow(), "it keeps up with the lighter copies: try full frames");

        assertTrue(frames(link, SlowLink.FAILED_TRY_SKIPS, true), "the try ends at its fifth skip");
        assertTrue(link.slow());
        frames(link, SlowLink.FIRST_TRY, false);
        assertTrue(link.slow(), "after a failed try the next waits twice as long");
        frames(link, SlowLink.FIRST_TRY, false);
        assertFalse(link.slow());
    }

    @Test
    void aTryThatHoldsEndsTheSlowSpellForGood() {
        var link = new SlowLink();
        frames(link, SlowLink.FAILED_TRY_SKIPS, true);
        frames(link, SlowLink.FIRST_TRY, false);
        assertFalse(link.slow());
        frames(link, 5 * SlowLink.WINDOW, false);
        halfSkipped(link, SlowLink.WINDOW);
        assertTrue(link.slow(), "slow again later: a new spell");
        frames(link, SlowLink.FIRST_TRY, false);
        assertFalse(link.slow(), "its first try comes after a minute again, not two");
    }
}
