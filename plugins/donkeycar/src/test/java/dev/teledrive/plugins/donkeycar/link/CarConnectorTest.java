package dev.teledrive.plugins.donkeycar.link;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A car that cannot be reached is told in a sentence naming what to check. */
class CarConnectorTest {

    private static final WebSocket.Listener QUIET = new WebSocket.Listener() {};

    private static URI at(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/wsDrive");
    }

    @Test
    void nothingListeningSaysToStartTheCar() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        CarConnector connector = new CarConnector(at(port), Duration.ofSeconds(2));

        IOException e = assertThrows(IOException.class, () -> connector.openWithStop(QUIET, DriveMessage.stop(false)));

        assertTrue(e.getMessage().startsWith("nothing answers at " + at(port)), e.getMessage());
        assertTrue(e.getMessage().contains("python manage.py drive"), e.getMessage());
    }

    @Test
    void aCarThatAcceptsButNeverAnswersSaysToCheckTheNetwork() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CarConnector connector = new CarConnector(at(silent.getLocalPort()), Duration.ofMillis(300));

            IOException e =
                    assertThrows(IOException.class, () -> connector.openWithStop(QUIET, DriveMessage.stop(false)));

            assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
            assertTrue(e.getMessage().endsWith("check that the car is on and on this network"), e.getMessage());
        }
    }
}
