package dev.teledrive.server.control;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's address as Teledrive counts and logs it: the socket's peer, or behind a trusted
 * reverse proxy the first address of {@code Forwarded: for=} or {@code X-Forwarded-For}.
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
            String forwarded = first(headers, "forwarded");
            if (forwarded != null) {
                for (String part : forwarded.split("[;,]")) {
                    String p = part.trim();
                    if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        return p.substring(4).replace("\"", "").replaceAll("^\\[|\\](:\\d+)?$", "");
                    }
                }
            }
            String xff = first(headers, "x-forwarded-for");
            if (xff != null) {
                return xff.split(",")[0].trim();
            }
        }
        if (socketPeer instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return socketPeer == null ? "unknown" : socketPeer.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
