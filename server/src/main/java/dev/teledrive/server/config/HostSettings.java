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

    /** Reads and checks every host key; a bad value throws naming the key. */
    public static HostSettings from(Configuration c) {
        int port = range(c, ConfigKeys.PORT, 0, 65_535);
        Optional<Integer> legacy = c.get(ConfigKeys.LEGACY_PORT.name()).filter(s -> !s.isBlank())
                .map(s -> range(c, ConfigKeys.LEGACY_PORT, 0, 65_535));
        double maxDurationSeconds = c.getDouble(ConfigKeys.MAX_DURATION_SECONDS.name(), 2);
        if (maxDurationSeconds <= 0) {
            throw bad(ConfigKeys.MAX_DURATION_SECONDS, maxDurationSeconds, "must be above 0");
        }
        double rate = c.getDouble(ConfigKeys.MESSAGES_PER_SECOND.name(), 60);
        if (rate < 0) {
            throw bad(ConfigKeys.MESSAGES_PER_SECOND, rate, "must be 0 (off) or more");
        }
        return new HostSettings(
                port,
                c.get(ConfigKeys.BIND.name(), ConfigKeys.BIND.defaultValue()),
                legacy,
                Path.of(c.get(ConfigKeys.PLUGINS.name(), "plugins")),
                c.get(ConfigKeys.VEHICLE.name(), ConfigKeys.VEHICLE.defaultValue()),
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
        int value = c.getInt(key.name(), key.defaultValue() == null ? 0 : Integer.parseInt(key.defaultValue()));
        if (value < min || value > max) {
            throw bad(key, value, "must be from " + min + " to " + max);
        }
        return value;
    }

    private static Optional<String> token(Configuration c, ConfigKey key) {
        return c.get(key.name()).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static IllegalArgumentException bad(ConfigKey key, Object value, String rule) {
        return new IllegalArgumentException("configuration key '" + key.name() + "' " + rule + ", but is " + value);
    }
}
