package dev.teledrive.server.http;

import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.QuietLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.SelectorManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the TCP connections of every port, in all and per client address, before any byte is
 * read: a crowd of half-open requests from one address cannot use up the process's file
 * descriptors, and one from many addresses cannot take the last of them. A socket over a cap is
 * closed as soon as it is accepted. Behind a reverse proxy every socket comes from the proxy, so
 * there only the total applies; the proxy keeps its own per-client limits.
 */
final class SocketCaps implements SelectorManager.AcceptListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocketCaps.class);

    private final AddressCaps caps;
    private final boolean perAddress;
    /** The sockets let in, with the address they were counted against, until they close. */
    private final Map<SelectableChannel, String> admitted = new ConcurrentHashMap<>();

    private final QuietLog refusals;

    /**
     * @param maxTotal      the most sockets at once, 0 = no cap
     * @param maxPerAddress the most sockets from one address, 0 = no cap
     * @param perAddress    whether socket peers are clients (false behind a proxy)
     */
    SocketCaps(int maxTotal, int maxPerAddress, boolean perAddress, Clock clock) {
        this.caps = new AddressCaps(maxTotal, perAddress ? maxPerAddress : 0);
        this.perAddress = perAddress;
        this.refusals = new QuietLog(LOG, clock, Duration.ofMinutes(1));
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        String address = perAddress ? peer(channel) : "any";
        AddressCaps.Refusal refusal = caps.tryAcquire(address);
        if (refusal == null) {
            admitted.put(channel, address);
            return;
        }
        refusals.warn(
                "closed a new connection from {} at once: {}",
                peer(channel),
                refusal == AddressCaps.Refusal.FULL
                        ? "the server holds as many sockets as limits.sockets allows"
                        : "that address holds as many sockets as limits.socketsPerAddress allows");
        try {
            channel.close(); // Jetty's accept then fails quietly and forgets it
        } catch (IOException e) {
            LOG.debug("closing a refused socket failed", e);
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        release(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        release(channel);
    }

    private void release(SelectableChannel channel) {
        String address = admitted.remove(channel);
        if (address != null) {
            caps.release(address);
        }
    }

    private static String peer(SelectableChannel channel) {
        try {
            SocketAddress remote = channel instanceof SocketChannel socket ? socket.getRemoteAddress() : null;
            if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
                return inet.getAddress().getHostAddress();
            }
            return String.valueOf(remote);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
