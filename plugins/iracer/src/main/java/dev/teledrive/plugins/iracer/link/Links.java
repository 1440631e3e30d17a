package dev.teledrive.plugins.iracer.link;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import javax.bluetooth.BluetoothStateException;
import javax.microedition.io.StreamConnection;

/**
 * Chooses the link by URL: {@code btspp://ADDRESS:CHANNEL} through BlueCove, a device file such
 * as {@code /dev/rfcomm0} after {@code rfcomm bind}, or {@code tcp://HOST:PORT} for a Wi-Fi serial
 * bridge (and the test double). Every failure becomes one sentence with the user's next step.
 */
public final class Links {

    /** The PIN i-Racer cars pair with, for the advice we give. */
    static final String PIN_HINT = "its PIN is usually 1234";

    private Links() {}

    /**
     * The opener for a URL.
     *
     * @throws IllegalArgumentException when the URL is none of the three kinds
     */
    public static LinkOpener forUrl(String url, Duration connectTimeout, StreamConnector bluetooth) {
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("btspp://")) {
            return () -> bluetooth(u, bluetooth);
        }
        if (lower.startsWith("tcp://")) {
            URI uri = URI.create(u);
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException("'" + u + "' needs a host and a port, such as tcp://192.168.4.1:23");
            }
            return () -> tcp(uri.getHost(), uri.getPort(), connectTimeout);
        }
        if (u.startsWith("/") || lower.startsWith("file:")) {
            Path device = lower.startsWith("file:") ? Path.of(URI.create(u)) : Path.of(u);
            return () -> deviceFile(device);
        }
        throw new IllegalArgumentException(
                "'" + u + "' is not a link to a car: use btspp://ADDRESS:CHANNEL (bin/teledrive"
                        + " scan finds the address), a device file such as /dev/rfcomm0, or tcp://HOST:PORT");
    }

    static Link bluetooth(String url, StreamConnector connector) throws IOException {
        String address = url.substring("btspp://".length()).split("[:;]")[0];
        StreamConnection connection;
        try {
            connection = connector.open(url);
        } catch (BluetoothStateException e) {
            throw new IOException(bluetoothStack(e), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException(noBlueZ(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnsatisfiedLinkError) {
                throw e; // BlueZCheck said it already
            }
            throw new IOException(unreachable(address, e), e);
        }
        try {
            OutputStream out = connection.openOutputStream();
            return new StreamLink(out, connection::close);
        } catch (IOException e) {
            connection.close();
            throw new IOException(
                    "the car at " + address + " accepted the connection but no data stream: " + e.getMessage()
                            + "; switch the car off and on and select it again",
                    e);
        }
    }

    static Link tcp(String host, int port, Duration timeout) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // one byte is a whole command: send it now
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new StreamLink(socket.getOutputStream(), socket);
        } catch (UnknownHostException e) {
            socket.close();
            throw new IOException(
                    "unknown host '" + host + "' in tcp://" + host + ":" + port + ": check iracer.url", e);
        } catch (ConnectException | SocketTimeoutException e) {
            socket.close();
            throw new IOException(
                    "nothing answers at tcp://" + host + ":" + port + " (" + e.getMessage()
                            + "): is the serial bridge on and on this network?",
                    e);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to tcp://" + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    static Link deviceFile(Path device) throws IOException {
        try {
            OutputStream out = Files.newOutputStream(device, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new StreamLink(out, () -> {});
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "there is no " + device + ": bind the car first (sudo rfcomm bind 0 ADDRESS 1)"
                            + " or use btspp://ADDRESS:1",
                    e);
        } catch (AccessDeniedException e) {
            throw new IOException(
                    "no permission to write " + device + ": add this user to the dialout group"
                            + " (sudo usermod -aG dialout $USER) and log in again",
                    e);
        } catch (IOException e) {
            throw new IOException(
                    "cannot open " + device + ": " + e.getMessage()
                            + "; is the car on, paired and bound (rfcomm bind)?",
                    e);
        }
    }

    /**
     * What to tell the user when BlueCove cannot reach a Bluetooth stack or adapter: one sentence
     * with the next step, for the link and for {@code teledrive scan} alike.
     */
    public static String explainStackFailure(Throwable failure) {
        if (failure instanceof BluetoothStateException e) {
            return bluetoothStack(e);
        }
        return noBlueZ();
    }

    /** Fails with the one-line advice when BlueZ's library is missing, before BlueCove tries. */
    public static void requireBlueZ() throws IOException {
        BlueZCheck.require();
    }

    private static String bluetoothStack(BluetoothStateException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("libbluetooth") || m.contains("library bluecove not available") || m.contains("not available")) {
            return m.contains("Device is not available") || m.contains("not ready") ? noAdapter() : noBlueZ();
        }
        return noAdapter() + " (" + m.lines().findFirst().orElse(m) + ")";
    }

    static String noBlueZ() {
        return "no Bluetooth stack: BlueZ's libbluetooth.so is missing; install it (sudo apt-get install "
                + "bluez libbluetooth-dev),"
                + " or bind the car to /dev/rfcomm0 and set iracer.url=/dev/rfcomm0, or choose the simulator";
    }

    private static String noAdapter() {
        return "no Bluetooth adapter is ready: plug one in and switch it on (bluetoothctl power on), or "
                + "choose the simulator";
    }

    private static String unreachable(String address, IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("permission") || m.contains("authentication") || m.contains("pair")) {
            return "the car at " + address + " refused to pair: pair it first (bluetoothctl pair " + address + "; "
                    + PIN_HINT + ") and select it again";
        }
        return "cannot reach the car at " + address + " (" + e.getMessage() + "): is it switched on and in range?"
                + " Pair it first (bluetoothctl pair " + address + "; " + PIN_HINT
                + "), and check the channel (1 to 5)";
    }
}
