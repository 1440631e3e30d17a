package dev.teledrive.server.config;

import dev.teledrive.api.Configuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The host's own settings, read once from the merged configuration into typed values, so the
 * rest of the server never parses a string.
 *
 * @param port               the main port (0 = any free one)
 * @param bind               the address to listen on
 * @param legacyPort         the 2012 client's port, if enabled
 * @param pluginsDir         the plugins folder
 * @param vehicle            the vehicle selected at start
 * @param deadman            how long the driver may stay silent under a held command
 * @param maxDuration        the longest timed command
 * @param frameBytes         the largest message accepted
 * @param messagesPerSecond  the sustained per-connection rate, 0 = unlimited
 * @param burst              the burst above that rate
 * @param driverToken        the driver token, if access control is on
 * @param spectatorToken     the spectator token, if any
 */
public record HostSettings(int port, String bind, Optional<Integer> legacyPort, Path pluginsDir, String vehicle,
                           Duration deadman, Duration maxDuration, int frameBytes, double messagesPerSecond,
                           int burst, Optional<String> driverToken, Optional<String> spectatorToken) {

    /**
     * Reads and checks every host key.
     *
     * @throws ConfigurationException naming the key, the bad value and where it was set
     */
    public static HostSettings from(Configuration c) {
        int port = range(c, ConfigKeys.PORT, 0, 65_535);
        Optional<Integer> legacy = c.get(ConfigKeys.LEGACY_PORT.name()).filter(s -> !s.isBlank())
                .map(s -> range(c, ConfigKeys.LEGACY_PORT, 0, 65_535));
        double maxDurationSeconds = read(c, ConfigKeys.MAX_DURATION_SECONDS, k -> c.getDouble(k, 2));
        if (maxDurationSeconds <= 0) {
            throw bad(c, ConfigKeys.MAX_DURATION_SECONDS, maxDurationSeconds, "must be above 0");
        }
        double rate = read(c, ConfigKeys.MESSAGES_PER_SECOND, k -> c.getDouble(k, 60));
        if (rate < 0) {
            throw bad(c, ConfigKeys.MESSAGES_PER_SECOND, rate, "must be 0 (off) or more");
        }
        return new HostSettings(
                port,
                c.get(ConfigKeys.BIND.name(), ConfigKeys.BIND.defaultValue()).trim(),
                legacy,
                Path.of(c.get(ConfigKeys.PLUGINS.name(), "plugins")),
                c.get(ConfigKeys.VEHICLE.name(), ConfigKeys.VEHICLE.defaultValue()).trim(),
                Duration.ofMillis(range(c, ConfigKeys.DEADMAN_MILLIS, 50, 60_000)),
                Duration.ofNanos(Math.round(maxDurationSeconds * 1e9)),
                range(c, ConfigKeys.FRAME_BYTES, 256, 1 << 20),
                rate,
                range(c, ConfigKeys.BURST, 1, 1_000_000),
                token(c, ConfigKeys.DRIVER_TOKEN),
                token(c, ConfigKeys.SPECTATOR_TOKEN));
    }

    /** Whether connections must authenticate before they do anything but ping. */
    public boolean accessControl() {
        return driverToken.isPresent();
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
    private static <T> T read(Configuration c, ConfigKey key, java.util.function.Function<String, T> reader) {
        try {
            return reader.apply(key.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + where(c, key));
        }
    }

    private static Optional<String> token(Configuration c, ConfigKey key) {
        return c.get(key.name()).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static ConfigurationException bad(Configuration c, ConfigKey key, Object value, String rule) {
        return new ConfigurationException("configuration key '" + key.name() + "' " + rule + ", but is " + value + where(c, key));
    }

    private static String where(Configuration c, ConfigKey key) {
        return c instanceof LayeredConfiguration layered
                ? layered.source(key.name()).map(s -> " (set in " + s + ")").orElse("") : "";
    }
}
