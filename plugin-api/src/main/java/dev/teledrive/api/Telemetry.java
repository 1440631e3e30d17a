package dev.teledrive.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One telemetry sample: the vehicle's own fields in the order they were added, for example the
 * simulator's {@code x}, {@code y} (metres), {@code heading} (radians) and {@code speed} (m/s).
 * Values are numbers, booleans, strings or, since 1.3.0, lists of {@link TelemetryObject}s. The names {@code type}, {@code vehicle}, {@code seq}
 * and {@code t} belong to the protocol envelope and are refused.
 *
 * <p>The page draws the vehicle in an arena when a sample has numbers {@code x} and {@code y}
 * (metres from the arena's bottom-left corner, y up), and reads {@code heading} (radians,
 * counter-clockwise from +x), {@code speed} (m/s), {@code wall} (a boolean: against a wall) and
 * {@code arenaWidth}, {@code arenaHeight} (metres, 4 by 3 when absent). Its readout lists every
 * field but the arena's size, so any other field shows there as it is.
 *
 * @param fields the sample's fields in order, unmodifiable. A {@link Double} or {@link Float} goes
 *               out as a JSON number with a fraction, any other {@link Number} as a whole number
 *               (so a {@code BigDecimal} loses its fraction); {@code NaN} and infinities go out as
 *               the strings {@code "NaN"} and {@code "Infinity"}; a list of {@link TelemetryObject}s
 *               (unmodifiable) goes out as a JSON array of objects
 */
public record Telemetry(Map<String, Object> fields) {

    private static final Set<String> RESERVED = Set.of("type", "vehicle", "seq", "t");

    /**
     * Checks the field names and value types and freezes the map, keeping its order.
     *
     * @param fields the fields by name, in the order of the map's iteration
     * @throws NullPointerException     if {@code fields} is {@code null}
     * @throws IllegalArgumentException if a name is {@code null}, empty or one of the envelope's, or a
     *                                  value is not a number, boolean, string or list of
     *                                  {@link TelemetryObject}s ({@code null} included, in the list too)
     */
    public Telemetry {
        Objects.requireNonNull(fields, "fields");
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((name, value) -> copy.put(checkName(name), checkValue(name, value)));
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * Starts a sample; fields appear in the order they are added.
     *
     * @return a new, empty builder
     */
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
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof TelemetryObject)) {
                    throw new IllegalArgumentException(
                            "telemetry field '" + name + "' lists something that is not a TelemetryObject: " + item);
                }
            }
            return List.copyOf(list);
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException(
                "telemetry field '" + name + "' must be a number, boolean, string or list of TelemetryObject");
    }

    /** Builds a {@link Telemetry} sample field by field. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a number field, sent with a fraction ({@code 1.0}). Adding a name again replaces its
         * value but keeps its first position. Names are checked by {@link #build()}.
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
         * Adds a whole-number field, sent without a fraction, such as a count or a level.
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
         * Adds a list of objects, sent as a JSON array of objects, such as the other cars in the
         * simulator's arena. The list is copied when the sample is built.
         *
         * @param name  the field name
         * @param items the objects, in order; may be empty; {@code null} fails in {@link #build()}
         * @return this builder
         * @since 1.3.0
         */
        public Builder putList(String name, List<TelemetryObject> items) {
            fields.put(name, items);
            return this;
        }

        /**
         * The finished sample. The builder keeps its fields, so it can build the next sample after
         * changing some of them.
         *
         * @return the sample
         * @throws IllegalArgumentException if a name is {@code null}, empty or one of the envelope's, or
         *                                  a value is {@code null}
         */
        public Telemetry build() {
            return new Telemetry(fields);
        }
    }
}
