package dev.teledrive.plugins.iracer.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import javax.bluetooth.BluetoothStateException;
import javax.microedition.io.StreamConnection;
import org.junit.jupiter.api.Test;

/** The btspp:// path with Mockito standing in for BlueCove's connection and its stream. */
class BluetoothLinkTest {

    private static final String URL = "btspp://0016530A1B2C:1;authenticate=false;encrypt=false;master=false";
    private final StreamConnector connector = mock(StreamConnector.class);
    private final StreamConnection connection = mock(StreamConnection.class);

    private LinkOpener opener() {
        return Links.forUrl(URL, Duration.ofSeconds(1), connector);
    }

    @Test
    void writesEachByteToTheRfcommStreamAndClosesTheConnection() throws Exception {
        var out = new ByteArrayOutputStream();
        when(connector.open(URL)).thenReturn(connection);
        when(connection.openOutputStream()).thenReturn(out);
        try (Link link = opener().open()) {
            link.write(0x00);
            link.write(0x1F);
        }
        assertArrayEquals(new byte[] {0x00, 0x1F}, out.toByteArray());
        verify(connection).close();
    }

    @Test
    void withoutBlueZTheMessageSaysWhatToInstall() throws Exception {
        when(connector.open(URL))
                .thenThrow(new BluetoothStateException("BlueCove library bluecove not available;\n"
                        + "load resource [/tmp/bluecove_root_0/libbluecove_x64.so] "
                        + "libbluetooth.so: cannot open shared object file"));
        var e = assertThrows(IOException.class, () -> opener().open());
        assertTrue(e.getMessage().startsWith("no Bluetooth stack"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install bluez libbluetooth-dev"), e.getMessage());
        assertTrue(e.getMessage().contains("/dev/rfcomm0") && e.getMessage().contains("simulator"), e.getMessage());
    }

    @Test
    void aMissingNativeLibraryIsTheSameAdvice() throws Exception {
        when(connector.open(URL)).thenThrow(new UnsatisfiedLinkError("libbluetooth.so"));
        assertTrue(assertThrows(IOException.class, () -> opener().open())
                .getMessage()
                .startsWith("no Bluetooth stack"));
    }

    @Test
    void noAdapter() throws Exception {
        when(connector.open(URL)).thenThrow(new BluetoothStateException("Bluetooth Device is not available"));
        var e = assertThrows(IOException.class, () -> opener().open());
        assertTrue(e.getMessage().startsWith("no Bluetooth adapter is ready"), e.getMessage());
    }

    @Test
    void aCarOutOfRangeOrAWrongAddress() throws Exception {
        when(connector.open(URL)).thenThrow(new IOException("Failed to connect; [113] No route to host"));
        var e = assertThrows(IOException.class, () -> opener().open());
        assertTrue(e.getMessage().startsWith("cannot reach the car at 0016530A1B2C"), e.getMessage());
        assertTrue(e.getMessage().contains("bluetoothctl pair 0016530A1B2C"), e.getMessage());
    }

    @Test
    void pairingRefused() throws Exception {
        when(connector.open(URL)).thenThrow(new IOException("Failed to connect; [13] Permission denied"));
        var e = assertThrows(IOException.class, () -> opener().open());
        assertTrue(e.getMessage().contains("refused to pair"), e.getMessage());
        assertTrue(e.getMessage().contains("PIN"), e.getMessage());
    }

    @Test
    void aStreamThatWillNotOpenClosesTheConnection() throws Exception {
        when(connector.open(URL)).thenReturn(connection);
        when(connection.openOutputStream()).thenThrow(new IOException("reset"));
        assertThrows(IOException.class, () -> opener().open());
        verify(connection).close();
    }

    @Test
    void aDeviceFileThatIsNotThereSaysHowToBindIt() {
        var e = assertThrows(
                IOException.class,
                () -> Links.forUrl("/dev/rfcomm-nope", Duration.ofSeconds(1), connector)
                        .open());
        assertTrue(e.getMessage().contains("rfcomm bind"), e.getMessage());
    }

    @Test
    void aDeviceFileReceivesTheBytes() throws Exception {
        var file = java.nio.file.Files.createTempFile("rfcomm", ".dev");
        try (Link link =
                Links.forUrl(file.toString(), Duration.ofSeconds(1), connector).open()) {
            link.write(0x25);
        }
        assertArrayEquals(new byte[] {0x25}, java.nio.file.Files.readAllBytes(file));
        java.nio.file.Files.delete(file);
    }
}
