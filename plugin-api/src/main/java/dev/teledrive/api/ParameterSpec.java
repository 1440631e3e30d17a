package dev.teledrive.api;

import java.util.Objects;

/**
 * One parameter of a command: its name in the JSON message, its type, its range and whether it
 * may be left out.
 *
 * @param name         the JSON field name
 * @param label        a label for people
 * @param type         the JSON type
 * @param min          the smallest allowed value for numbers (inclusive), or {@code null}
 * @param max          the largest allowed value for numbers (inclusive), or {@code null}
 * @param required     whether the message must carry it
 * @param defaultValue the value used when an optional parameter is left out, or {@code null}
 */
public record ParameterSpec(String name, String label, ParameterType type, Double min, Double max,
                            boolean required, Object defaultValue) {

    /** Checks that the spec is coherent. */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("parameter '" + name + "' has min " + min + " above max " + max);
        }
    }

    /** A required number in {@code [min, max]}. */
    public static ParameterSpec number(String name, String label, double min, double max) {
        return new ParameterSpec(name, label, ParameterType.NUMBER, min, max, true, null);
    }

    /** A required whole number in {@code [min, max]}. */
    public static ParameterSpec integer(String name, String label, long min, long max) {
        return new ParameterSpec(name, label, ParameterType.INTEGER, (double) min, (double) max, true, null);
    }

    /** A required boolean. */
    public static ParameterSpec bool(String name, String label) {
        return new ParameterSpec(name, label, ParameterType.BOOLEAN, null, null, true, null);
    }

    /** A required string. */
    public static ParameterSpec string(String name, String label) {
        return new ParameterSpec(name, label, ParameterType.STRING, null, null, true, null);
    }

    /**
     * This parameter made optional: left out, it takes {@code defaultValue} (which may be
     * {@code null}, meaning "absent").
     */
    public ParameterSpec optional(Object defaultValue) {
        return new ParameterSpec(name, label, type, min, max, false, defaultValue);
    }

    /**
     * Checks and converts one JSON value (already decoded to {@link Number}, {@link Boolean} or
     * {@link String}) to this parameter's Java type.
     *
     * @throws InvalidCommandException naming the parameter and what it must be
     */
    public Object bind(Object value) throws InvalidCommandException {
        return switch (type) {
            case NUMBER -> inRange(asNumber(value).doubleValue());
            case INTEGER -> {
                Number n = asNumber(value);
                double d = n.doubleValue();
                if (d != Math.rint(d)) {
                    throw new InvalidCommandException("'" + name + "' must be a whole number");
                }
                inRange(d);
                yield n.longValue();
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) {
                    throw new InvalidCommandException("'" + name + "' must be true or false");
                }
                yield b;
            }
            case STRING -> {
                if (!(value instanceof String s)) {
                    throw new InvalidCommandException("'" + name + "' must be a string");
                }
                yield s;
            }
        };
    }

    private Number asNumber(Object value) throws InvalidCommandException {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n;
        }
        throw new InvalidCommandException("'" + name + "' must be a number" + rangeText());
    }

    private double inRange(double d) throws InvalidCommandException {
        if ((min != null && d < min) || (max != null && d > max)) {
            throw new InvalidCommandException("'" + name + "' must be" + rangeText() + ", not " + format(d));
        }
        return d;
    }

    private String rangeText() {
        if (min != null && max != null) {
            return " from " + format(min) + " to " + format(max);
        }
        if (min != null) {
            return " of at least " + format(min);
        }
        return max != null ? " of at most " + format(max) : "";
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
