package dev.teledrive.plugins.iracer;

import dev.teledrive.api.Configuration;
import java.time.Duration;
import java.util.Optional;

/**
 * One car's settings. Each key is read as {@code iracer.CAR.KEY} first (for
 * {@code iracer.cars=red,blue}), then as {@code iracer.KEY}.
 *
 * @param url           the link: btspp://ADDRESS:CHANNEL, /dev/rfcommN or tcp://HOST:PORT
 * @param defaultSpeed  the level for up/down/left/right without a {@code speed}
 * @param maxSpeed      the highest level any command reaches
 * @param keepAlive     how often to repeat the current command; zero: never
 * @param connectTimeout how long a TCP connection may take
 * @param maxBackoff    the longest pause between reconnection attempts
 */
record IRacerSettings(
        Optional<String> url,
        int defaultSpeed,
        int maxSpeed,
        Duration keepAlive,
        Duration connectTimeout,
        Duration maxBackoff) {

    static IRacerSettings from(Configuration c, String car) {
        var keys = new Keys(c, car);
        int maxSpeed = keys.integer("maxSpeed", 15, 1, 15);
        return new IRacerSettings(
                keys.text("url"),
                Math.min(keys.integer("defaultSpeed", 12, 1, 15), maxSpeed),
                maxSpeed,
                Duration.ofMillis(keys.integer("keepAliveMillis", 0, 0, 60_000)),
                Duration.ofMillis(keys.integer("connectTimeoutMillis", 5_000, 100, 60_000)),
                Duration.ofMillis(keys.integer("reconnectMaxMillis", 10_000, 250, 600_000)));
    }

    /** Looks a key up for one car, falling back to the plugin-wide key. */
    private record Keys(Configuration c, String car) {
        Optional<String> text(String key) {
            Optional<String> own = car == null ? Optional.empty() : c.get("iracer." + car + "." + key);
            return own.or(() -> c.get("iracer." + key)).map(String::trim).filter(s -> !s.isEmpty());
        }

        int integer(String key, int fallback, int min, int max) {
            String name = car != null && c.get("iracer." + car + "." + key).isPresent()
                    ? "iracer." + car + "." + key
                    : "iracer." + key;
            int value = c.getInt(name, fallback);
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        "configuration key '" + name + "' must be from " + min + " to " + max + ", but is " + value);
            }
            return value;
        }
    }
}
