package dev.teledrive.server.config;

import dev.teledrive.api.Configuration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        Duration commandTimeout) {

    private static final Pattern VEHICLE_MAX_DURATION =
            Pattern.compile("vehicles\\.([a-z0-9][a-z0-9-]*)\\.maxDurationSeconds");
    /**
     * The same key from the environment, which reaches us in normal form:
     * TELEDRIVE_VEHICLES_IRACER_RED_MAX_DURATION_SECONDS.
     */
    private static final Pattern VEHICLE_MAX_DURATION_NORMAL = Pattern.compile("vehicles([a-z0-9]+)maxdurationseconds");

    /** The longest timed command for this vehicle: its own cap if it has one, else the global one. */
    public Duration maxDurationFor(String vehicleId) {
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
        int port = range(c, ConfigKeys.PORT, 0, 65_535);
        Optional<Integer> legacy = optionalPort(c, ConfigKeys.LEGACY_PORT);
        double maxDurationSeconds = read(c, ConfigKeys.MAX_DURATION_SECONDS, k -> c.getDouble(k, 2));
        if (maxDurationSeconds <= 0) {
            throw bad(c, ConfigKeys.MAX_DURATION_SECONDS, maxDurationSeconds, "must be above 0");
        }
        double rate = read(c, ConfigKeys.MESSAGES_PER_SECOND, k -> c.getDouble(k, 60));
        if (rate < 0) {
            throw bad(c, ConfigKeys.MESSAGES_PER_SECOND, rate, "must be 0 (off) or more");
        }
        var limits = new Limits(
                range(c, ConfigKeys.FRAME_BYTES, 256, 1 << 20),
                rate,
                range(c, ConfigKeys.BURST, 1, 1_000_000),
                range(c, ConfigKeys.CONNECTIONS, 0, 1_000_000),
                range(c, ConfigKeys.CONNECTIONS_PER_ADDRESS, 0, 1_000_000),
                Duration.ofSeconds(range(c, ConfigKeys.IDLE_SECONDS, 5, 86_400)),
                range(c, ConfigKeys.SOCKETS, 0, 1_000_000),
                range(c, ConfigKeys.SOCKETS_PER_ADDRESS, 0, 1_000_000),
                Duration.ofSeconds(range(c, ConfigKeys.REQUEST_HEADER_SECONDS, 0, 3_600)),
                Duration.ofSeconds(range(c, ConfigKeys.HTTP_IDLE_SECONDS, 1, 86_400)));
        var access = new Access(
                token(c, ConfigKeys.DRIVER_TOKEN, ConfigKeys.DRIVER_TOKEN_FILE),
                token(c, ConfigKeys.SPECTATOR_TOKEN, ConfigKeys.SPECTATOR_TOKEN_FILE),
                token(c, ConfigKeys.ADMIN_TOKEN, ConfigKeys.ADMIN_TOKEN_FILE),
                list(c, ConfigKeys.ALLOWED_ORIGINS).stream()
                        .map(o -> o.replaceAll("/+$", ""))
                        .toList(),
                list(c, ConfigKeys.ALLOWED_HOSTS),
                range(c, ConfigKeys.AUTH_FREE_FAILURES, 0, 1_000_000),
                Duration.ofSeconds(range(c, ConfigKeys.AUTH_MAX_LOCKOUT_SECONDS, 1, 86_400)));
        String bind =
                c.get(ConfigKeys.BIND.name(), ConfigKeys.BIND.defaultValue()).trim();
        boolean insecurePublic = read(c, ConfigKeys.INSECURE_PUBLIC, k -> c.getBoolean(k, false));
        if (!access.required() && !insecurePublic && !isLoopback(bind)) {
            throw new ConfigurationException(
                    "listening on " + bind + " without a driver token would let anyone who reaches"
                            + " the port drive: set one (TELEDRIVE_DRIVER_TOKEN=..., or driverTokenFile=FILE), or pass"
                            + " --insecure-public if that is really what you want");
        }
        return new HostSettings(
                port,
                bind,
                legacy,
                Path.of(c.get(ConfigKeys.PLUGINS.name(), "plugins")),
                c.get(ConfigKeys.VEHICLE.name(), ConfigKeys.VEHICLE.defaultValue())
                        .trim(),
                Duration.ofMillis(range(c, ConfigKeys.DEADMAN_MILLIS, 50, 60_000)),
                Duration.ofNanos(Math.round(maxDurationSeconds * 1e9)),
                limits,
                access,
                tls(c),
                read(c, ConfigKeys.BEHIND_PROXY, k -> c.getBoolean(k, false)),
                vehicleMaxDurations(c),
                read(c, ConfigKeys.PLUGINS_WATCH, k -> c.getBoolean(k, true)),
                Duration.ofMillis(range(c, ConfigKeys.COMMAND_TIMEOUT_MILLIS, 50, 600_000)));
    }

    /**
     * {@code vehicles.ID.maxDurationSeconds} keys: a car in a small room may get a shorter leash.
     * Keyed by the id's normal form, as an environment variable can only name it that way.
     */
    private static Map<String, Duration> vehicleMaxDurations(Configuration c) {
        Map<String, Duration> caps = new TreeMap<>();
        for (String key : c.keys()) {
            Matcher m = VEHICLE_MAX_DURATION.matcher(key);
            if (!m.matches()) {
                m = VEHICLE_MAX_DURATION_NORMAL.matcher(key);
            }
            if (m.matches()) {
                double seconds = c.getDouble(key, 0);
                if (!(seconds > 0)) {
                    throw new ConfigurationException(
                            "configuration key '" + key + "' must be above 0, but is " + seconds);
                }
                caps.put(LayeredConfiguration.normal(m.group(1)), Duration.ofNanos(Math.round(seconds * 1e9)));
            }
        }
        return Map.copyOf(caps);
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

    /** A comma-separated list, lower case, without blanks. */
    private static List<String> list(Configuration c, ConfigKey key) {
        return c.get(key.name()).stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(item -> item.trim().toLowerCase(Locale.ROOT))
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private static Optional<Tls> tls(Configuration c) {
        Optional<String> keystore =
                c.get(ConfigKeys.TLS_KEYSTORE.name()).map(String::trim).filter(s -> !s.isEmpty());
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(keystore.get());
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(
                    "the TLS keystore " + file + " cannot be read: give a PKCS12 file with --tls-keystore");
        }
        String password = c.get(ConfigKeys.TLS_PASSWORD.name())
                .orElseThrow(() -> new ConfigurationException(
                        "the TLS keystore " + file + " needs its password: set TELEDRIVE_TLS_PASSWORD"));
        return Optional.of(new Tls(file, password, optionalPort(c, ConfigKeys.TLS_REDIRECT_PORT)));
    }

    private static Optional<Integer> optionalPort(Configuration c, ConfigKey key) {
        return c.get(key.name()).filter(s -> !s.isBlank()).map(s -> range(c, key, 0, 65_535));
    }

    private static int range(Configuration c, ConfigKey key, int min, int max) {
        int fallback = key.defaultValue() == null ? 0 : Integer.parseInt(key.defaultValue());
        int value = read(c, key, k -> c.getInt(k, fallback));
        if (value < min || value > max) {
            throw bad(c, key, value, "must be from " + min + " to " + max);
        }
        return value;
    }

    /** Reads one key, turning a parse failure into a message that says where the value came from. */
    private static <T> T read(Configuration c, ConfigKey key, Function<String, T> reader) {
        try {
            return reader.apply(key.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + where(c, key));
        }
    }

    /** A token given directly, or read from a file (trimmed); both at once is a mistake worth naming. */
    private static Optional<String> token(Configuration c, ConfigKey key, ConfigKey fileKey) {
        Optional<String> direct = c.get(key.name()).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> file = c.get(fileKey.name()).map(String::trim).filter(s -> !s.isEmpty());
        if (direct.isPresent() && file.isPresent()) {
            throw new ConfigurationException("both " + key.name() + " and " + fileKey.name() + " are set: keep one");
        }
        if (file.isEmpty()) {
            return direct;
        }
        try {
            String token = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8)
                    .trim();
            if (token.isEmpty()) {
                throw new ConfigurationException("the token file " + file.get() + " (" + fileKey.name() + ") is empty");
            }
            return Optional.of(token);
        } catch (IOException e) {
            throw new ConfigurationException(
                    "the token file " + file.get() + " (" + fileKey.name() + ") cannot be read: " + e.getMessage());
        }
    }

    private static ConfigurationException bad(Configuration c, ConfigKey key, Object value, String rule) {
        return new ConfigurationException(
                "configuration key '" + key.name() + "' " + rule + ", but is " + value + where(c, key));
    }

    private static String where(Configuration c, ConfigKey key) {
        return c instanceof LayeredConfiguration layered
                ? layered.source(key.name()).map(s -> " (set in " + s + ")").orElse("")
                : "";
    }
}
