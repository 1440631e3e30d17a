package dev.teledrive.server.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the socket cap below the process's file descriptor limit: sockets that use up every
 * descriptor leave none for a plugin jar, a Bluetooth link or the log, and the server fails in
 * ways no cap can explain. The JVM raises its soft limit to the hard one at start on Linux, so the
 * limit read here is the one that counts.
 */
final class SocketBudget {

    private static final Logger LOG = LoggerFactory.getLogger(SocketBudget.class);
    /** Descriptors kept for everything but client sockets: jars, logs, links, the JVM's own. */
    static final int RESERVED = 256;

    private SocketBudget() {}

    /** The configured cap, lowered to fit the descriptor limit where one is known; 0 stays "no cap". */
    static int cap(int configured) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (configured == 0 || !(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return configured;
        }
        long limit = unix.getMaxFileDescriptorCount();
        if (configured <= limit - RESERVED) {
            return configured;
        }
        int lowered = (int) Math.max(1, limit - RESERVED);
        LOG.warn(
                "limits.sockets lowered from {} to {}: the process may open only {} files; raise that limit"
                        + " (LimitNOFILE in the systemd unit, ulimit -n) to allow more",
                configured,
                lowered,
                limit);
        return lowered;
    }
}
