package dev.teledrive.api;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked command for a {@link Vehicle}: its name and typed arguments ({@link Double} for
 * numbers, {@link Long} for whole numbers, {@link Boolean}, {@link String}), built by
 * {@link CommandSpec#bind(Map, Duration)}. The getters assume the argument is there and of the
 * parameter's type, which binding guarantees; they throw only for a name the spec does not declare,
 * an optional argument left out, or a getter that does not fit the type.
 *
 * @param name      the command name, as in the vocabulary
 * @param arguments the arguments by parameter name, unmodifiable. An optional parameter left out is
 *                  absent unless its spec gives a default
 * @param duration  for a {@link CommandKind#TIMED} command, how long it moves before the host stops
 *                  it: the message's {@code duration}, or the connection's last one (initially
 *                  0.1 s), capped at {@code control.maxDurationSeconds} (2 s by default); it may be
 *                  zero. {@code null} for every other kind. For information only: the vehicle never
 *                  times it itself
 */
public record Command(String name, Map<String, Object> arguments, Duration duration) {

    /**
     * Freezes the arguments. Not checked against any vocabulary: only {@link CommandSpec#bind(Map, Duration)}
     * does that.
     *
     * @param name      the command name
     * @param arguments the arguments by parameter name; neither keys nor values may be {@code null}
     * @param duration  how long a timed command moves, or {@code null}
     * @throws NullPointerException if {@code name} or {@code arguments} is {@code null}, or the map
     *                              holds a {@code null} key or value
     */
    public Command {
        Objects.requireNonNull(name, "name");
        arguments = Map.copyOf(arguments);
    }

    /**
     * A command without arguments or duration, handy in tests. A timed command built this way has
     * no duration, unlike one the host sends.
     *
     * @param name the command name
     * @return the command
     */
    public static Command of(String name) {
        return new Command(name, Map.of(), null);
    }

    /**
     * Whether the argument is present: {@code false} for an optional parameter left out without a
     * default, and for a name the spec does not declare.
     *
     * @param parameter the parameter name
     * @return whether {@link #arguments()} holds it
     */
    public boolean has(String parameter) {
        return arguments.containsKey(parameter);
    }

    /**
     * A number argument. Works for {@link ParameterType#INTEGER} parameters too, widened to
     * {@code double}.
     *
     * @param parameter the parameter name
     * @return the value, within the spec's range
     * @throws NoSuchElementException if the argument is absent
     * @throws ClassCastException     if the parameter is not a number
     */
    public double number(String parameter) {
        return ((Number) require(parameter)).doubleValue();
    }

    /**
     * A whole-number argument. On a {@link ParameterType#NUMBER} parameter it silently drops the
     * fraction, so declare whole numbers with
     * {@link ParameterSpec#integer(String, String, long, long) ParameterSpec.integer}.
     *
     * @param parameter the parameter name
     * @return the value, within the spec's range
     * @throws NoSuchElementException if the argument is absent
     * @throws ClassCastException     if the parameter is not a number
     */
    public long integer(String parameter) {
        return ((Number) require(parameter)).longValue();
    }

    /**
     * A whole-number argument that may be absent, such as the standard {@code speed}. Other types
     * have no such getter: test {@link #has(String)} first.
     *
     * @param parameter the parameter name
     * @return the value, or empty when the argument is absent
     * @throws ClassCastException if the parameter is not a number
     */
    public Optional<Long> optionalInteger(String parameter) {
        return Optional.ofNullable((Number) arguments.get(parameter)).map(Number::longValue);
    }

    /**
     * A boolean argument.
     *
     * @param parameter the parameter name
     * @return the value
     * @throws NoSuchElementException if the argument is absent
     * @throws ClassCastException     if the parameter is not a boolean
     */
    public boolean bool(String parameter) {
        return (Boolean) require(parameter);
    }

    /**
     * A text argument, possibly empty. Its content is not checked beyond being a string.
     *
     * @param parameter the parameter name
     * @return the value
     * @throws NoSuchElementException if the argument is absent
     * @throws ClassCastException     if the parameter is not a string
     */
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
