package dev.teledrive.api;

import java.util.Optional;
import java.util.Set;

/**
 * Read-only configuration keys, already merged by the host from the command line
 * ({@code --set KEY=VALUE}), {@code TELEDRIVE_*} environment variables, the configuration file and
 * the defaults, in that order of precedence. Plugin keys are by convention prefixed with the plugin
 * id, such as {@code simulator.arena.width} or {@code iracer.url}.
 *
 * <p>The typed getters throw {@link IllegalArgumentException} naming the key and the bad value,
 * so a typo in a configuration file is reported, never silently replaced by the default.
 */
public interface Configuration {

    /** The value of a key, if set anywhere. */
    Optional<String> get(String key);

    /** Every key that has a value from any source (environment keys in their normalised form). */
    Set<String> keys();

    /** The value of a key, or the default. */
    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An integer value, or the default when unset. */
    default int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Integer::parseInt)).orElse(defaultValue);
    }

    /** A long value, or the default when unset. */
    default long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Long::parseLong)).orElse(defaultValue);
    }

    /** A decimal value, or the default when unset. */
    default double getDouble(String key, double defaultValue) {
        return get(key).map(v -> parse(key, v, "a number", s -> {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException(s);
            }
            return d;
        })).orElse(defaultValue);
    }

    /** A boolean value ({@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}), or the default. */
    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> parse(key, v, "true or false", s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(s);
        })).orElse(defaultValue);
    }

    private static <T> T parse(String key, String value, String expected, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be " + expected
                    + ", but is '" + value + "'", e);
        }
    }
}
