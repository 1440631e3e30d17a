package dev.teledrive.server.http;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the kernel's send buffer of a video connection. Latest wins only where the server still
 * holds the frames: bytes already in a socket buffer go out however old they are. Linux grows a
 * send buffer to megabytes: a client reading 200 KB/s then saw frames 7 to 14 s old (47 KB frames
 * of noise, loopback). Capped at {@link #BYTES} (the kernel doubles it for bookkeeping) the same
 * client sees them 0.4 s old when its own receive buffer is small, as behind a slow link, and 0.8 s
 * when it lets 100 KB pile up in its receive buffer, which no server can drain; smaller frames
 * shorten both. Smaller still would cap a fast viewer far away: a send buffer bounds throughput to
 * about its size per round trip (32 KB per 100 ms is 320 KB/s).
 */
final class SendBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(SendBuffer.class);
    /** The send buffer of a video socket: under one camera frame. */
    static final int BYTES = 16 * 1024;

    private final int bytes;

    SendBuffer(int bytes) {
        this.bytes = bytes;
    }

    /** Caps the send buffer of the socket under this request, when it is a plain or TLS TCP socket. */
    void bound(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        while (endPoint instanceof EndPoint.Wrapper wrapper && !(endPoint instanceof SelectableChannelEndPoint)) {
            endPoint = wrapper.unwrap(); // TLS: the encrypted socket under the decrypted view
        }
        if (endPoint instanceof SelectableChannelEndPoint socket
                && socket.getChannel() instanceof NetworkChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("could not bound a video socket's send buffer: {}", e.toString());
            }
        }
    }
}
