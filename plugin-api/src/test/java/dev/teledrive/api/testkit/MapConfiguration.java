package dev.teledrive.api.testkit;

import dev.teledrive.api.Configuration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configuration from a map of keys, for plugin tests. */
public final class MapConfiguration implements Configuration {

    private final Map<String, String> values;

    public MapConfiguration(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** This configuration with one more key. */
    public MapConfiguration with(String key, String value) {
        var copy = new java.util.HashMap<>(values);
        copy.put(key, value);
        return new MapConfiguration(copy);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }
}
