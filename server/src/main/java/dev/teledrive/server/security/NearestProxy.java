package dev.teledrive.server.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client address that the reverse proxy in front of Teledrive vouches for. A proxy appends the
 * address it saw to {@code X-Forwarded-For} (or adds an element to {@code Forwarded}) and passes on
 * whatever the client wrote before it, so only the rightmost entry is the proxy's word: everything
 * to its left may be forged. {@code X-Forwarded-For} is read first because nginx, Caddy and
 * cloudflared all write it while passing a client's own {@code Forwarded} header through untouched.
 */
public final class NearestProxy {

    private NearestProxy() {}

    /**
     * @param xForwardedFor every {@code X-Forwarded-For} header line, in the order received
     * @param forwarded     every {@code Forwarded} header line, in the order received
     * @return the rightmost {@code X-Forwarded-For} entry; without one, the {@code for=} of the last
     *         {@code Forwarded} element; else empty (the socket's peer is then the client)
     */
    public static Optional<String> client(List<String> xForwardedFor, List<String> forwarded) {
        String last = lastEntry(xForwardedFor);
        if (last != null) {
            return Optional.of(bare(last));
        }
        String element = lastEntry(forwarded);
        if (element == null) {
            return Optional.empty();
        }
        for (String pair : element.split(";")) {
            String p = pair.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                String value = bare(p.substring(4));
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty(); // the nearest proxy named no client: an earlier element may be forged
    }

    /** The last comma-separated entry over all the header's lines, or {@code null}. */
    private static String lastEntry(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line == null) {
                continue;
            }
            String[] entries = line.split(",");
            for (int j = entries.length - 1; j >= 0; j--) {
                if (!entries[j].isBlank()) {
                    return entries[j].trim();
                }
            }
        }
        return null;
    }

    /** The address alone: without quotes, IPv6 brackets or a port. */
    private static String bare(String value) {
        String v = value.trim().replace("\"", "");
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end > 0 ? v.substring(1, end) : v.substring(1);
        }
        int colon = v.indexOf(':');
        if (colon > 0 && colon == v.lastIndexOf(':')) {
            return v.substring(0, colon); // an IPv4 address or a name with a port
        }
        return v;
    }
}
