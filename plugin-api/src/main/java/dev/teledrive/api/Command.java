package dev.teledrive.api;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked command for a {@link Vehicle}: its name and typed arguments ({@link Double} for
 * numbers, {@link Long} for whole numbers, {@link Boolean}, {@link String}), built by
 * {@link CommandSpec#bind(Map, Duration)}.
 *
 * @param name      the command name
 * @param arguments the arguments by parameter name, unmodifiable; optional ones left out are absent
 * @param duration  how long a timed command moves before the host stops it, else {@code null}
 */
public record Command(String name, Map<String, Object> arguments, Duration duration) {

    /** Freezes the arguments. */
    public Command {
        Objects.requireNonNull(name, "name");
        arguments = Map.copyOf(arguments);
    }

    /** A command without arguments or duration, handy in tests. */
    public static Command of(String name) {
        return new Command(name, Map.of(), null);
    }

    /** Whether the argument is present. */
    public boolean has(String parameter) {
        return arguments.containsKey(parameter);
    }

    /** A number argument. */
    public double number(String parameter) {
        return ((Number) require(parameter)).doubleValue();
    }

    /** A whole-number argument. */
    public long integer(String parameter) {
        return ((Number) require(parameter)).longValue();
    }

    /** A whole-number argument, if present. */
    public Optional<Long> optionalInteger(String parameter) {
        return Optional.ofNullable((Number) arguments.get(parameter)).map(Number::longValue);
    }

    /** A boolean argument. */
    public boolean bool(String parameter) {
        return (Boolean) require(parameter);
    }

    /** A text argument. */
    public String string(String parameter) {
        return (String) require(parameter);
    }

    private Object require(String parameter) {
        Object value = arguments.get(parameter);
        if (value == null) {
            throw new NoSuchElementException("command '" + name + "' has no argument '" + parameter + "'");
        }
        return value;
    }
}
