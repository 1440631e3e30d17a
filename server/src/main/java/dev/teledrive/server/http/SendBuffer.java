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
 * send buffer to megabytes, seconds of video for a client reading 200 KB/s; capped here at {@link
 * #BYTES} (the kernel doubles it for bookkeeping), a frame waits behind at most about one other, so
 * such a client sees frames a few hundred milliseconds old at worst.
 */
final class SendBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(SendBuffer.class);
    /** The send buffer of a video socket: about one camera frame. */
    static final int BYTES = 32 * 1024;

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
