package dev.teledrive.api;

import java.util.Optional;
import java.util.Set;

/**
 * Read-only configuration keys, already merged by the host from the command line
 * ({@code --set KEY=VALUE}), {@code TELEDRIVE_*} environment variables, the configuration file and
 * the defaults, in that order of precedence. Plugin keys are by convention prefixed with the plugin
 * id, such as {@code simulator.arena.width} or {@code iracer.url}.
 *
 * <p>Keys are matched exactly, except that a {@code TELEDRIVE_*} environment variable matches in a
 * normal form (letters and digits only, case ignored): {@code TELEDRIVE_IRACER_RED_URL} sets
 * {@code iracer.red.url}. A key set to an empty value counts as set.
 *
 * <p>The typed getters throw {@link IllegalArgumentException} naming the key and the bad value,
 * so a typo in a configuration file is reported, never silently replaced by the default. They
 * ignore spaces around the value. Read your keys in {@link VehicleProvider#open(VehicleContext)} and rethrow that
 * exception as a {@link VehicleException}, as the simulator does, so the driver sees which key to fix.
 */
public interface Configuration {

    /**
     * The value of a key, if set anywhere.
     *
     * @param key the full key, such as {@code iracer.url}
     * @return the value as given, or empty when no source sets the key
     */
    Optional<String> get(String key);

    /**
     * Every key that has a value from any source, the host's own defaults included. A key set only
     * by an environment variable appears in its normal form ({@code iracerredurl}, not
     * {@code iracer.red.url}), so a search by prefix misses it: prefer {@link #get(String)} for keys whose
     * names you know.
     *
     * @return the keys; treat the set as read-only
     */
    Set<String> keys();

    /**
     * The value of a key, or the default.
     *
     * @param key          the full key
     * @param defaultValue what to return when the key is unset; may be {@code null}
     * @return the value as given, or {@code defaultValue}
     */
    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer value, or the default when unset.
     *
     * @param key          the full key
     * @param defaultValue what to return when the key is unset; not checked
     * @return the value
     * @throws IllegalArgumentException if the key is set but not a whole number within {@code int}
     */
    default int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Integer::parseInt))
                .orElse(defaultValue);
    }

    /**
     * A long value, or the default when unset.
     *
     * @param key          the full key
     * @param defaultValue what to return when the key is unset; not checked
     * @return the value
     * @throws IllegalArgumentException if the key is set but not a whole number within {@code long}
     */
    default long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Long::parseLong))
                .orElse(defaultValue);
    }

    /**
     * A decimal value, or the default when unset. Units are the key's own: name them in the key
     * ({@code control.maxDurationSeconds}) or in your plugin's documentation.
     *
     * @param key          the full key
     * @param defaultValue what to return when the key is unset; not checked
     * @return the value, always finite
     * @throws IllegalArgumentException if the key is set but not a number, or is {@code NaN} or
     *                                  infinite
     */
    default double getDouble(String key, double defaultValue) {
        return get(key).map(v -> parse(key, v, "a number", s -> {
                    double d = Double.parseDouble(s);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException(s);
                    }
                    return d;
                }))
                .orElse(defaultValue);
    }

    /**
     * A boolean value, or the default when unset. {@code true}, {@code yes}, {@code on} and
     * {@code 1} mean true; {@code false}, {@code no}, {@code off} and {@code 0} mean false; case
     * is ignored.
     *
     * @param key          the full key
     * @param defaultValue what to return when the key is unset
     * @return the value
     * @throws IllegalArgumentException if the key is set to anything else
     */
    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> parse(key, v, "true or false", s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new IllegalArgumentException(s);
                }))
                .orElse(defaultValue);
    }

    private static <T> T parse(
            String key, String value, String expected, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "configuration key '" + key + "' must be " + expected + ", but is '" + value + "'", e);
        }
    }
}
