package dev.teledrive.plugins.iracer.link;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Looks for BlueZ's library before BlueCove does. BlueCove's Linux native links against the
 * unversioned {@code libbluetooth.so} (Debian's {@code libbluetooth-dev} provides it, not
 * {@code libbluetooth3} alone); when it is missing BlueCove prints a stack trace of its own before
 * failing, so we find out first and say it in one line.
 */
final class BlueZCheck {

    private static volatile boolean found;

    private BlueZCheck() {}

    /** Throws with the next step when this is Linux and libbluetooth.so cannot be loaded. */
    static void require() throws IOException {
        if (found || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        check(System::loadLibrary); // the same library BlueCove's native would pull in
        found = true;
    }

    /**
     * Loads libbluetooth with {@code loadLibrary}, or throws with the next step. A copy of this
     * plugin from before a reload may hold the library still (the JVM lets one class loader hold a
     * native library at a time): then it is there, which is all this asks.
     */
    static void check(Consumer<String> loadLibrary) throws IOException {
        try {
            loadLibrary.accept("bluetooth");
        } catch (UnsatisfiedLinkError e) {
            if (!String.valueOf(e.getMessage()).contains("already loaded in another classloader")) {
                throw new IOException(Links.noBlueZ(), e);
            }
        }
    }
}
