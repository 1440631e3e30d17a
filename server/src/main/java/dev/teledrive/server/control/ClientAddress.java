package dev.teledrive.server.control;

import dev.teledrive.server.security.NearestProxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client's address as Teledrive counts and logs it: the socket's peer, or behind a trusted
 * reverse proxy the address that proxy appended ({@link NearestProxy}), never one the client wrote.
 */
public final class ClientAddress {

    /** Where Jetty's Jakarta server keeps the peer's socket address. */
    public static final String SOCKET_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    private ClientAddress() {}

    /**
     * @param socketPeer   what Jetty gives as the peer (an {@link InetSocketAddress}), or {@code null}
     * @param headers      the upgrade request's headers (any case)
     * @param behindProxy  whether forwarding headers are to be trusted
     */
    public static String of(Object socketPeer, Map<String, List<String>> headers, boolean behindProxy) {
        if (behindProxy) {
            var forwarded = NearestProxy.client(all(headers, "x-forwarded-for"), all(headers, "forwarded"));
            if (forwarded.isPresent()) {
                return forwarded.get();
            }
        }
        if (socketPeer instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return socketPeer == null ? "unknown" : socketPeer.toString();
    }

    private static List<String> all(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                values.addAll(e.getValue());
            }
        }
        return values;
    }
}
