package dev.teledrive.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object in a telemetry list field ({@link Telemetry.Builder#putList(String, java.util.List)}),
 * for example one of the other cars the simulator's {@code others} lists as {@code vehicle},
 * {@code x}, {@code y} and {@code heading}. Its values are numbers, booleans or strings, sent as
 * {@link Telemetry} sends its own. The envelope's names are allowed here: they belong only to the
 * top level of a message.
 *
 * @param fields the object's fields in order, unmodifiable
 * @since 1.3.0
 */
public record TelemetryObject(Map<String, Object> fields) {

    /**
     * Checks the field names and value types and freezes the map, keeping its order.
     *
     * @param fields the fields by name, in the order of the map's iteration
     * @throws NullPointerException     if {@code fields} is {@code null}
     * @throws IllegalArgumentException if a name is {@code null} or empty, or a value is not a
     *                                  number, boolean or string ({@code null} included)
     */
    public TelemetryObject {
        Objects.requireNonNull(fields, "fields");
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((name, value) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a telemetry object's field name is empty");
            }
            copy.put(name, scalar(name, value));
        });
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * Starts an object; fields appear in the order they are added.
     *
     * @return a new, empty builder
     * @since 1.3.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The value itself when it is a number, boolean or string, which every field may hold. */
    static Object scalar(String name, Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("telemetry field '" + name + "' must be a number, boolean or string");
    }

    /**
     * Builds a {@link TelemetryObject} field by field.
     *
     * @since 1.3.0
     */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a number field, sent with a fraction ({@code 1.0}).
         *
         * @param name  the field name
         * @param value the value; keep it finite
         * @return this builder
         */
        public Builder put(String name, double value) {
            fields.put(name, value);
            return this;
        }

        /**
         * Adds a whole-number field, sent without a fraction.
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, long value) {
            fields.put(name, value);
            return this;
        }

        /**
         * Adds a boolean field.
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, boolean value) {
            fields.put(name, value);
            return this;
        }

        /**
         * Adds a text field.
         *
         * @param name  the field name
         * @param value the value; {@code null} fails in {@link #build()}
         * @return this builder
         */
        public Builder put(String name, String value) {
            fields.put(name, value);
            return this;
        }

        /**
         * The finished object.
         *
         * @return the object
         * @throws IllegalArgumentException if a name is {@code null} or empty, or a value is {@code null}
         */
        public TelemetryObject build() {
            return new TelemetryObject(fields);
        }
    }
}
