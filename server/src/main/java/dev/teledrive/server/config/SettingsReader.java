package dev.teledrive.server.config;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.config.HostSettings.Access;
import dev.teledrive.server.config.HostSettings.Limits;
import dev.teledrive.server.config.HostSettings.Tls;
import dev.teledrive.server.seats.TurnRules;
import java.io.IOException;
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
 * Reads {@link HostSettings} from the merged configuration: each key parsed, range-checked and,
 * when wrong, named in an error that says where its value came from.
 */
final class SettingsReader {

    private static final Pattern VEHICLE_MAX_DURATION =
            Pattern.compile("vehicles\\.([a-z0-9][a-z0-9-]*)\\.maxDurationSeconds");
    /**
     * The same key from the environment, which reaches us in normal form:
     * TELEDRIVE_VEHICLES_IRACER_RED_MAX_DURATION_SECONDS.
     */
    private static final Pattern VEHICLE_MAX_DURATION_NORMAL = Pattern.compile("vehicles([a-z0-9]+)maxdurationseconds");

    private final Configuration c;

    SettingsReader(Configuration c) {
        this.c = c;
    }

    /** Reads and checks every host key; a bad one is a {@link ConfigurationException} naming it. */
    HostSettings read() {
        int port = range(ConfigKeys.PORT, 0, 65_535);
        Optional<Integer> legacy = optionalPort(ConfigKeys.LEGACY_PORT);
        double maxDurationSeconds = read(ConfigKeys.MAX_DURATION_SECONDS, k -> c.getDouble(k, 2));
        if (maxDurationSeconds <= 0) {
            throw bad(ConfigKeys.MAX_DURATION_SECONDS, maxDurationSeconds, "must be above 0");
        }
        double rate = read(ConfigKeys.MESSAGES_PER_SECOND, k -> c.getDouble(k, 60));
        if (rate < 0) {
            throw bad(ConfigKeys.MESSAGES_PER_SECOND, rate, "must be 0 (off) or more");
        }
        var limits = new Limits(
                range(ConfigKeys.FRAME_BYTES, 256, 1 << 20),
                rate,
                range(ConfigKeys.BURST, 1, 1_000_000),
                range(ConfigKeys.CONNECTIONS, 0, 1_000_000),
                range(ConfigKeys.CONNECTIONS_PER_ADDRESS, 0, 1_000_000),
                Duration.ofSeconds(range(ConfigKeys.IDLE_SECONDS, 5, 86_400)),
                range(ConfigKeys.SOCKETS, 0, 1_000_000),
                range(ConfigKeys.SOCKETS_PER_ADDRESS, 0, 1_000_000),
                Duration.ofSeconds(range(ConfigKeys.REQUEST_HEADER_SECONDS, 0, 3_600)),
                Duration.ofSeconds(range(ConfigKeys.HTTP_IDLE_SECONDS, 1, 86_400)));
        var access = new Access(
                token(ConfigKeys.DRIVER_TOKEN, ConfigKeys.DRIVER_TOKEN_FILE),
                token(ConfigKeys.SPECTATOR_TOKEN, ConfigKeys.SPECTATOR_TOKEN_FILE),
                token(ConfigKeys.ADMIN_TOKEN, ConfigKeys.ADMIN_TOKEN_FILE),
                list(ConfigKeys.ALLOWED_ORIGINS).stream()
                        .map(o -> o.replaceAll("/+$", ""))
                        .toList(),
                list(ConfigKeys.ALLOWED_HOSTS),
                range(ConfigKeys.AUTH_FREE_FAILURES, 0, 1_000_000),
                Duration.ofSeconds(range(ConfigKeys.AUTH_MAX_LOCKOUT_SECONDS, 1, 86_400)));
        String bind =
                c.get(ConfigKeys.BIND.name(), ConfigKeys.BIND.defaultValue()).trim();
        boolean insecurePublic = read(ConfigKeys.INSECURE_PUBLIC, k -> c.getBoolean(k, false));
        if (!access.required() && !insecurePublic && !HostSettings.isLoopback(bind)) {
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
                Duration.ofMillis(range(ConfigKeys.DEADMAN_MILLIS, 50, 60_000)),
                Duration.ofNanos(Math.round(maxDurationSeconds * 1e9)),
                limits,
                access,
                tls(),
                read(ConfigKeys.BEHIND_PROXY, k -> c.getBoolean(k, false)),
                vehicleMaxDurations(),
                read(ConfigKeys.PLUGINS_WATCH, k -> c.getBoolean(k, true)),
                Duration.ofMillis(range(ConfigKeys.COMMAND_TIMEOUT_MILLIS, 50, 600_000)),
                Duration.ofSeconds(range(ConfigKeys.CONNECT_SECONDS, 1, 3_600)),
                new TurnRules(
                        Duration.ofSeconds(range(ConfigKeys.TURN_SECONDS, 0, 86_400)),
                        Duration.ofSeconds(range(ConfigKeys.TURN_IDLE_SECONDS, 0, 86_400)),
                        range(ConfigKeys.TURN_PLACES_PER_ADDRESS, 0, 1_000)),
                Duration.ofSeconds(range(ConfigKeys.TURN_GRACE_SECONDS, 0, 3_600)));
    }

    /**
     * {@code vehicles.ID.maxDurationSeconds} keys: a car in a small room may get a shorter leash.
     * Keyed by the id's normal form, as an environment variable can only name it that way.
     */
    private Map<String, Duration> vehicleMaxDurations() {
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

    /** A comma-separated list, lower case, without blanks. */
    private List<String> list(ConfigKey key) {
        return c.get(key.name()).stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(item -> item.trim().toLowerCase(Locale.ROOT))
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private Optional<Tls> tls() {
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
        return Optional.of(new Tls(file, password, optionalPort(ConfigKeys.TLS_REDIRECT_PORT)));
    }

    private Optional<Integer> optionalPort(ConfigKey key) {
        return c.get(key.name()).filter(s -> !s.isBlank()).map(s -> range(key, 0, 65_535));
    }

    private int range(ConfigKey key, int min, int max) {
        int fallback = key.defaultValue() == null ? 0 : Integer.parseInt(key.defaultValue());
        int value = read(key, k -> c.getInt(k, fallback));
        if (value < min || value > max) {
            throw bad(key, value, "must be from " + min + " to " + max);
        }
        return value;
    }

    /** Reads one key, turning a parse failure into a message that says where the value came from. */
    private <T> T read(ConfigKey key, Function<String, T> reader) {
        try {
            return reader.apply(key.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + where(key));
        }
    }

    /** A token given directly, or read from a file (trimmed); both at once is a mistake worth naming. */
    private Optional<String> token(ConfigKey key, ConfigKey fileKey) {
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

    private ConfigurationException bad(ConfigKey key, Object value, String rule) {
        return new ConfigurationException(
                "configuration key '" + key.name() + "' " + rule + ", but is " + value + where(key));
    }

    private String where(ConfigKey key) {
        return c instanceof LayeredConfiguration layered
                ? layered.source(key.name()).map(s -> " (set in " + s + ")").orElse("")
                : "";
    }
}
