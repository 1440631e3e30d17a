package dev.teledrive.server.config;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.seats.TurnRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's own settings, read once from the merged configuration into typed values, so the
 * rest of the server never parses a string.
 *
 * @param port        the main port (0 = any free one)
 * @param bind        the address to listen on
 * @param legacyPort  the 2012 client's port, if enabled
 * @param pluginsDir  the plugins folder
 * @param vehicle     the vehicle selected at start
 * @param deadman     how long the driver may stay silent under a held command
 * @param maxDuration the longest timed command
 * @param limits      what one client may send
 * @param access      tokens and origins
 * @param tls         the certificate, when serving https
 * @param behindProxy whether to trust a reverse proxy's forwarding headers
 * @param vehicleMaxDurations per-vehicle caps on timed commands ({@code vehicles.ID.maxDurationSeconds})
 * @param watchPlugins whether jars dropped into or removed from the plugins folder take effect at once
 * @param commandTimeout how long a vehicle may take to accept a command before it counts as stuck
 * @param connectTimeout how long a vehicle may take to connect before it counts as failed
 * @param turns       how long a driver may keep a vehicle while others wait
 * @param resumeGrace how long a dropped connection's place is held for its resume token; zero: not held
 */
public record HostSettings(
        int port,
        String bind,
        Optional<Integer> legacyPort,
        Path pluginsDir,
        String vehicle,
        Duration deadman,
        Duration maxDuration,
        Limits limits,
        Access access,
        Optional<Tls> tls,
        boolean behindProxy,
        Map<String, Duration> vehicleMaxDurations,
        boolean watchPlugins,
        Duration commandTimeout,
        Duration connectTimeout,
        TurnRules turns,
        Duration resumeGrace) {

    /** The longest timed command for this vehicle: its own cap if it has one, else the global one. */
    public Duration maxDurationFor(String vehicleId) {
        if (vehicleMaxDurations.isEmpty()) {
            return maxDuration; // the usual case, asked on every command: no key to normalise
        }
        return vehicleMaxDurations.getOrDefault(LayeredConfiguration.normal(vehicleId), maxDuration);
    }

    /**
     * Limits on what a client may send.
     *
     * @param frameBytes            the largest message accepted
     * @param messagesPerSecond     the sustained per-connection rate, 0 = unlimited
     * @param burst                 the burst above that rate
     * @param connections           the most connections at once, 0 = no cap
     * @param connectionsPerAddress the most connections from one address, 0 = no cap
     * @param idle                  how long a silent WebSocket connection lives
     * @param sockets               the most TCP connections at once over every port, 0 = no cap
     * @param socketsPerAddress     the most TCP connections from one address, 0 = no cap (ignored behind a proxy)
     * @param requestHeaders        how long an HTTP request may take to deliver its headers
     * @param httpIdle              how long an HTTP connection may rest between requests
     */
    public record Limits(
            int frameBytes,
            double messagesPerSecond,
            int burst,
            int connections,
            int connectionsPerAddress,
            Duration idle,
            int sockets,
            int socketsPerAddress,
            Duration requestHeaders,
            Duration httpIdle) {}

    /**
     * Who may do what.
     *
     * @param driverToken    the driver token; access control is on when present
     * @param spectatorToken the watch-only token
     * @param adminToken     the owner's token
     * @param allowedOrigins origins besides the page's own that may open the WebSocket
     * @param allowedHosts   names besides loopback ones that requests may use in {@code Host} while the
     *                       server listens on loopback without tokens
     * @param freeAuthFailures wrong tokens an address may offer before it is slowed down
     * @param maxAuthLockout the longest an address is locked out after wrong tokens
     */
    public record Access(
            Optional<String> driverToken,
            Optional<String> spectatorToken,
            Optional<String> adminToken,
            List<String> allowedOrigins,
            List<String> allowedHosts,
            int freeAuthFailures,
            Duration maxAuthLockout) {

        /** Whether connections must authenticate before they do anything but ping. */
        public boolean required() {
            return driverToken.isPresent();
        }
    }

    /**
     * The certificate for https.
     *
     * @param keystore     a PKCS12 file
     * @param password     its password
     * @param redirectPort a plain-http port that redirects to https, if any
     */
    public record Tls(Path keystore, String password, Optional<Integer> redirectPort) {
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", redirectPort=" + redirectPort + "]"; // never the password
        }
    }

    /**
     * Reads and checks every host key.
     *
     * @throws ConfigurationException naming the key, the bad value and where it was set
     */
    public static HostSettings from(Configuration c) {
        return new SettingsReader(c).read();
    }

    /**
     * Whether the server trusts whoever reaches it because only this machine can: it listens on
     * loopback without tokens. Then requests must name it by a loopback name (DNS rebinding).
     */
    public boolean openOnLoopback() {
        return isLoopback(bind) && !access.required();
    }

    /** Whether this address only ever accepts connections from this machine. */
    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
