package dev.teledrive.plugins.iracer.link;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class BlueZCheckTest {

    @Test
    void aMissingLibraryIsOneLineWithTheNextStep() {
        IOException e = assertThrows(
                IOException.class,
                () -> BlueZCheck.check(name -> {
                    throw new UnsatisfiedLinkError("no " + name + " in java.library.path: /usr/lib");
                }));
        assertTrue(e.getMessage().contains("apt-get install bluez libbluetooth-dev"), e.getMessage());
    }

    @Test
    void aLibraryStillHeldByThePluginBeforeAReloadIsThere() {
        assertDoesNotThrow(() -> BlueZCheck.check(name -> {
            throw new UnsatisfiedLinkError(
                    "Native Library /usr/lib/x86_64-linux-gnu/libbluetooth.so already loaded in another classloader");
        }));
    }

    @Test
    void aLibraryThatLoadsIsThere() {
        assertDoesNotThrow(() -> BlueZCheck.check(name -> {}));
    }
}
