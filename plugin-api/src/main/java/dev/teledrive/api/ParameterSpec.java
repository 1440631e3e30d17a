package dev.teledrive.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One parameter of a command: its name in the JSON message, its type, its range and whether it
 * may be left out. The host lists it in {@code hello} and checks every message against it, so a
 * vehicle only ever sees values that fit. Build one with
 * {@link #number(String, String, double, double) number},
 * {@link #integer(String, String, long, long) integer}, {@link #bool(String, String) bool},
 * {@link #string(String, String) string} or {@link #choice(String, String, String...) choice}, then
 * {@link #optional(Object)} if a message may leave it out. The page draws a control from it: a slider
 * for a number with both bounds, a number field otherwise, a switch for a boolean, a list for a
 * string with choices and a text field for any other string.
 *
 * @param name         the JSON field that carries it, such as {@code throttle}: a short identifier,
 *                     unique within its command. The host reads {@code id}, {@code command},
 *                     {@code vehicle} and {@code token} itself (and {@code duration} on a timed
 *                     command), so since API 1.4.0 it refuses to load a vocabulary that names a
 *                     parameter so, and says which
 * @param label        a label for people, listed in {@code hello} for clients that draw an input for it
 * @param type         the JSON type, which also fixes the Java type the vehicle gets
 * @param min          the smallest allowed value (inclusive) for {@link ParameterType#NUMBER} and
 *                     {@link ParameterType#INTEGER}, or {@code null} for no lower bound; not
 *                     applied to booleans and strings
 * @param max          the largest allowed value (inclusive), as {@code min}, or {@code null} for no
 *                     upper bound
 * @param required     whether a message must carry it: one that leaves it out or sends JSON
 *                     {@code null} is refused. The page's control for the command starts empty
 * @param defaultValue what an optional parameter takes when a message leaves it out, or {@code null}
 *                     to leave it absent. It is checked like a sent value each time a command is
 *                     bound, so it must fit {@code type} and the range. Ignored when {@code required}.
 *                     The page's control starts at it
 * @param choices      for {@link ParameterType#STRING} only: the values a message may send, in the
 *                     order the page lists them, unmodifiable; empty (never {@code null}) for any
 *                     string, and always empty for the other types. Since API 1.3.0
 * @param step         for {@link ParameterType#NUMBER} and {@link ParameterType#INTEGER}: the
 *                     spacing of the page's slider, or {@code null} for the page's own choice (1 for
 *                     an integer; for a number, the 1, 2 or 5 times a power of ten nearest a
 *                     hundredth of the range). The slider's values lie on
 *                     the grid counted from 0 when 0 is in the range, else from {@code min}, so a
 *                     tilt of -30 to 60 with step 5 offers -30, -25, ... 60 and starts at 0. A
 *                     hint for controls only: the server neither rounds nor refuses values between
 *                     steps. Since API 1.4.0
 * @param unit         what the number counts, such as {@code "°"} or {@code "m/s"}, shown beside
 *                     the control, or {@code null}. Since API 1.4.0
 */
public record ParameterSpec(
        String name,
        String label,
        ParameterType type,
        Double min,
        Double max,
        boolean required,
        Object defaultValue,
        List<String> choices,
        Double step,
        String unit) {

    /** How much of a refused string an error message repeats. */
    private static final int SHOWN = 40;

    /**
     * Checks that the spec is coherent. The default value is checked against the choices only: one
     * that does not fit the type or the range makes every message that leaves the parameter out
     * fail, so test it.
     *
     * @param name         the JSON field name
     * @param label        a label for people
     * @param type         the JSON type
     * @param min          the inclusive lower bound for numbers, or {@code null}
     * @param max          the inclusive upper bound for numbers, or {@code null}
     * @param required     whether a message must carry it
     * @param defaultValue the value for an optional parameter left out, or {@code null}
     * @param choices      the values a string may take, or {@code null} or empty for any
     * @param step         the slider's spacing for a number, or {@code null}
     * @param unit         what the number counts, or {@code null}
     * @throws NullPointerException     if {@code name}, {@code label} or {@code type} is {@code null}, or
     *                                  {@code choices} holds {@code null}
     * @throws IllegalArgumentException if {@code min} is above {@code max}, or there are choices for a type
     *                                  other than {@link ParameterType#STRING}, a choice is listed twice,
     *                                  a default is not among the choices, or the step is not a positive
     *                                  number (a whole one for an integer) of a number parameter
     * @since 1.4.0, with {@code step} and {@code unit}
     */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("parameter '" + name + "' has min " + min + " above max " + max);
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (!choices.isEmpty()) {
            if (type != ParameterType.STRING) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' is a " + type + ": only a string takes choices");
            }
            if (new HashSet<>(choices).size() != choices.size()) {
                throw new IllegalArgumentException("parameter '" + name + "' lists a choice twice: " + choices);
            }
            if (defaultValue != null && !choices.contains(defaultValue)) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' defaults to " + defaultValue + ", which is not one of " + choices
                                + ": give .optional(...) one of the choices, or null for none");
            }
        }
        if (step != null) {
            if (type != ParameterType.NUMBER && type != ParameterType.INTEGER) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' is a " + type + ": only a number or an integer takes a step");
            }
            if (!(step > 0) || step.isInfinite() || (type == ParameterType.INTEGER && step != Math.rint(step))) {
                throw new IllegalArgumentException("parameter '" + name + "' has step " + step + ": give .withStep(...)"
                        + (type == ParameterType.INTEGER ? " a whole number" : " a number") + " above 0");
            }
        }
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
    }

    /**
     * A parameter as API 1.3.0 described it: choices, but no step or unit.
     *
     * @param name         the JSON field name
     * @param label        a label for people
     * @param type         the JSON type
     * @param min          the inclusive lower bound for numbers, or {@code null}
     * @param max          the inclusive upper bound for numbers, or {@code null}
     * @param required     whether a message must carry it
     * @param defaultValue the value for an optional parameter left out, or {@code null}
     * @param choices      the values a string may take, or {@code null} or empty for any
     * @throws NullPointerException     if {@code name}, {@code label} or {@code type} is {@code null}, or
     *                                  {@code choices} holds {@code null}
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ParameterSpec(
            String name,
            String label,
            ParameterType type,
            Double min,
            Double max,
            boolean required,
            Object defaultValue,
            List<String> choices) {
        this(name, label, type, min, max, required, defaultValue, choices, null, null);
    }

    /**
     * A parameter of any value of its type, as before API 1.3.0 added choices.
     *
     * @param name         the JSON field name
     * @param label        a label for people
     * @param type         the JSON type
     * @param min          the inclusive lower bound for numbers, or {@code null}
     * @param max          the inclusive upper bound for numbers, or {@code null}
     * @param required     whether a message must carry it
     * @param defaultValue the value for an optional parameter left out, or {@code null}
     * @throws NullPointerException     if {@code name}, {@code label} or {@code type} is {@code null}
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public ParameterSpec(
            String name,
            String label,
            ParameterType type,
            Double min,
            Double max,
            boolean required,
            Object defaultValue) {
        this(name, label, type, min, max, required, defaultValue, List.of(), null, null);
    }

    /**
     * A required number in {@code [min, max]}, such as the analog {@code throttle} from -1 to 1. Any
     * finite JSON number fits, whole or not; the vehicle reads it with {@link Command#number(String)}.
     *
     * @param name  the JSON field name
     * @param label a label for people
     * @param min   the smallest allowed value, inclusive
     * @param max   the largest allowed value, inclusive
     * @return the spec; {@link #optional(Object)} makes it optional
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public static ParameterSpec number(String name, String label, double min, double max) {
        return new ParameterSpec(name, label, ParameterType.NUMBER, min, max, true, null);
    }

    /**
     * A required whole number in {@code [min, max]}, such as {@code raw}'s byte from 0 to 255. A JSON
     * number with a zero fraction ({@code 3.0}) fits too; the vehicle gets a {@link Long} and reads
     * it with {@link Command#integer(String)} or {@link Command#optionalInteger(String)}. The bounds are kept as
     * {@code double}, so they are exact only up to 2<sup>53</sup>.
     *
     * @param name  the JSON field name
     * @param label a label for people
     * @param min   the smallest allowed value, inclusive
     * @param max   the largest allowed value, inclusive
     * @return the spec; {@link #optional(Object)} makes it optional
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public static ParameterSpec integer(String name, String label, long min, long max) {
        return new ParameterSpec(name, label, ParameterType.INTEGER, (double) min, (double) max, true, null);
    }

    /**
     * A required boolean: JSON {@code true} or {@code false} only, not {@code "true"} or {@code 1}.
     * The vehicle reads it with {@link Command#bool(String)}.
     *
     * @param name  the JSON field name
     * @param label a label for people
     * @return the spec; {@link #optional(Object)} makes it optional
     */
    public static ParameterSpec bool(String name, String label) {
        return new ParameterSpec(name, label, ParameterType.BOOLEAN, null, null, true, null);
    }

    /**
     * A required string, possibly empty; only the host's limits on a message bound its length. The
     * vehicle reads it with {@link Command#string(String)} and must check the content itself.
     *
     * @param name  the JSON field name
     * @param label a label for people
     * @return the spec; {@link #optional(Object)} makes it optional
     */
    public static ParameterSpec string(String name, String label) {
        return new ParameterSpec(name, label, ParameterType.STRING, null, null, true, null);
    }

    /**
     * A required string that must be one of a few values, such as a gearbox {@code mode} of
     * {@code "eco"} or {@code "sport"}. The host refuses any other string, as it refuses a number out
     * of range, so the vehicle reads it with {@link Command#string(String)} and needs no check of its
     * own; the page offers the choices in a list, in this order. Since API 1.3.0.
     *
     * @param name    the JSON field name
     * @param label   a label for people
     * @param choices the values allowed, at least one, each once, case-sensitive
     * @return the spec; {@link #optional(Object)} makes it optional, with a default among the choices
     * @throws IllegalArgumentException if there is no choice, or one is listed twice
     * @throws NullPointerException     if a choice is {@code null}
     */
    public static ParameterSpec choice(String name, String label, String... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("parameter '" + name + "' needs at least one choice");
        }
        return new ParameterSpec(name, label, ParameterType.STRING, null, null, true, null, List.of(choices));
    }

    /**
     * This parameter made optional. A message that leaves it out, or sends JSON {@code null}, gets
     * {@code defaultValue} instead, and {@code hello} lists that default. With {@code null} the
     * argument stays absent: the vehicle tests {@link Command#has(String)} or uses
     * {@link Command#optionalInteger(String)}, as the standard {@code speed} does to let each vehicle pick
     * its own speed.
     *
     * @param defaultValue the value for a message that leaves the parameter out, or {@code null}. It
     *                     goes through {@link #bind(Object)} like a sent value, so it must fit the type and
     *                     range: a {@link Number} for numbers, a {@link Boolean}, or a {@link String}
     *                     (one of the {@link #choices()} when there are any)
     * @return a copy of this spec that is optional; this one is unchanged
     * @throws IllegalArgumentException if there are choices and the default is not among them
     */
    public ParameterSpec optional(Object defaultValue) {
        return new ParameterSpec(name, label, type, min, max, false, defaultValue, choices, step, unit);
    }

    /**
     * This number with a step for the page's slider, such as 5 for a tilt in degrees: the slider
     * then offers the multiples of 5 (counted from 0 when 0 is in the range, else from
     * {@code min}). The server does not round values between steps. Since API 1.4.0.
     *
     * @param spacing the step, above 0; a whole number for an integer
     * @return a copy of this spec with the step; this one is unchanged
     * @throws IllegalArgumentException if this is not a number or an integer, or the step does not fit
     * @since 1.4.0
     */
    public ParameterSpec withStep(double spacing) {
        return new ParameterSpec(name, label, type, min, max, required, defaultValue, choices, spacing, unit);
    }

    /**
     * This parameter with a unit the page shows beside its value, such as {@code "°"}. Since API
     * 1.4.0.
     *
     * @param what what the value counts, or {@code null} for none
     * @return a copy of this spec with the unit; this one is unchanged
     * @since 1.4.0
     */
    public ParameterSpec withUnit(String what) {
        return new ParameterSpec(name, label, type, min, max, required, defaultValue, choices, step, what);
    }

    /**
     * Checks and converts one JSON value (already decoded to {@link Number}, {@link Boolean} or
     * {@link String}) to this parameter's Java type.
     * {@link CommandSpec#bind(java.util.Map, java.time.Duration) CommandSpec.bind} calls it for each
     * parameter; a plugin seldom needs it. No JSON type stands in for another: the string
     * {@code "12"} is not a number, and {@code 1} is not {@code true}.
     *
     * @param value the decoded value; {@code null} fails as a value of the wrong type
     * @return a {@link Double} for {@link ParameterType#NUMBER}, a {@link Long} for
     *         {@link ParameterType#INTEGER}, else the {@link Boolean} or {@link String} itself
     * @throws InvalidCommandException naming the parameter and what it must be, range or choices
     *                                 included; the message reaches the client as it is
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
                    throw new InvalidCommandException(
                            "'" + name + "' must be " + (choices.isEmpty() ? "a string" : oneOf()));
                }
                if (!choices.isEmpty() && !choices.contains(s)) {
                    throw new InvalidCommandException("'" + name + "' must be " + oneOf() + ", not " + quoted(s));
                }
                yield s;
            }
        };
    }

    private String oneOf() {
        return "one of "
                + String.join(", ", choices.stream().map(ParameterSpec::quoted).toList());
    }

    /** A value in an error message: quoted, and cut short, since it comes from the client. */
    private static String quoted(String s) {
        return "\"" + (s.length() > SHOWN ? s.substring(0, SHOWN) + "…" : s) + "\"";
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
