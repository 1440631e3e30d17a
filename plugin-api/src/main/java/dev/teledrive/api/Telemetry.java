package dev.teledrive.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One telemetry sample: the vehicle's own fields in the order they were added, for example the
 * simulator's {@code x}, {@code y} (metres), {@code heading} (radians) and {@code speed} (m/s).
 * Values are numbers, booleans or strings. The names {@code type}, {@code vehicle}, {@code seq}
 * and {@code t} belong to the protocol envelope and are refused.
 *
 * @param fields the sample's fields, unmodifiable
 */
public record Telemetry(Map<String, Object> fields) {

    private static final Set<String> RESERVED = Set.of("type", "vehicle", "seq", "t");

    /** Checks the field names and value types and freezes the map, keeping its order. */
    public Telemetry {
        Objects.requireNonNull(fields, "fields");
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((name, value) -> copy.put(checkName(name), checkValue(name, value)));
        fields = Collections.unmodifiableMap(copy);
    }

    /** Starts a sample; fields appear in the order they are added. */
    public static Builder builder() {
        return new Builder();
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || RESERVED.contains(name)) {
            throw new IllegalArgumentException("telemetry field name '" + name + "' is empty or reserved");
        }
        return name;
    }

    private static Object checkValue(String name, Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("telemetry field '" + name + "' must be a number, boolean or string");
    }

    /** Builds a {@link Telemetry} sample field by field. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a number field. */
        public Builder put(String name, double value) {
            fields.put(name, value);
            return this;
        }

        /** Adds a whole-number field. */
        public Builder put(String name, long value) {
            fields.put(name, value);
            return this;
        }

        /** Adds a boolean field. */
        public Builder put(String name, boolean value) {
            fields.put(name, value);
            return this;
        }

        /** Adds a text field. */
        public Builder put(String name, String value) {
            fields.put(name, value);
            return this;
        }

        /** The finished sample. */
        public Telemetry build() {
            return new Telemetry(fields);
        }
    }
}
