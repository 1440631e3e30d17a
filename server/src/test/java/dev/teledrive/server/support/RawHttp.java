package dev.teledrive.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP on a bare socket, for what a well-behaved client never does: forge a {@code Host}, send
 * half a request, hang up in the middle of an upgrade, or come from another loopback address.
 */
public final class RawHttp {

    private RawHttp() {}

    /** A socket to the server's port from the given local loopback address (127.0.0.1 to 127.255.255.254). */
    public static Socket open(URI server, String fromAddress) throws IOException {
        var socket = new Socket(server.getHost(), server.getPort(), InetAddress.getByName(fromAddress), 0);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A WebSocket upgrade request for a path, with the given {@code Host} and optional {@code Origin}. */
    public static String upgradeRequest(String path, String host, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** A plain GET with the given {@code Host}, closing the connection after the response. */
    public static String getRequest(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    /** Sends a request on a new socket and returns the response's status code. */
    public static int status(URI server, String fromAddress, String request) throws IOException {
        try (Socket socket = open(server, fromAddress)) {
            write(socket, request);
            String head = readStatusLine(socket.getInputStream());
            return Integer.parseInt(head.split(" ")[1]);
        }
    }

    public static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Whether the server closed this socket: a read ends (or is reset) rather than waiting. */
    public static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString().trim();
    }
}
