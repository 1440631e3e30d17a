package dev.teledrive.plugins.iracer.link;

import java.io.IOException;
import java.util.Locale;

/**
 * Looks for BlueZ's library before BlueCove does. BlueCove's Linux native links against the
 * unversioned {@code libbluetooth.so} (Debian's {@code libbluetooth-dev} provides it, not
 * {@code libbluetooth3} alone); when it is missing BlueCove prints a stack trace of its own before
 * failing, so we find out first and say it in one line.
 */
final class BlueZCheck {

    private static volatile boolean found;

    private BlueZCheck() {
    }

    /** Throws with the next step when this is Linux and libbluetooth.so cannot be loaded. */
    static void require() throws IOException {
        if (found || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        try {
            System.loadLibrary("bluetooth"); // the same library BlueCove's native would pull in
            found = true;
        } catch (UnsatisfiedLinkError e) {
            throw new IOException(Links.noBlueZ(), e);
        }
    }
}
