package dev.teledrive.server.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which names a request may use for this server in its {@code Host} header. A server on loopback
 * without tokens trusts whoever can reach it, which is only this machine, unless a web page the
 * user visits points its own name at 127.0.0.1 (DNS rebinding) and talks to the server as a page
 * of its own origin. Such a request carries the page's name in {@code Host}; refusing every name
 * but loopback ones and those the owner lists closes that door, as development servers do.
 */
public final class HostPolicy {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final Set<String> allowed;

    /** @param allowedHosts names the owner lists besides loopback ones ({@code allowedHosts}) */
    public HostPolicy(List<String> allowedHosts) {
        this.allowed = allowedHosts.stream().map(HostPolicy::normal).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a request may name this host.
     *
     * @param host the host part of the {@code Host} header (no port; an IPv6 address with or without brackets)
     */
    public boolean allows(String host) {
        if (host == null || host.isEmpty()) {
            return true; // HTTP/1.0 without Host: no browser sends that, and no page can make one do so
        }
        String h = normal(host);
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(h).matches()
                || allowed.contains(h);
    }

    private static String normal(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
