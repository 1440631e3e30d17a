package dev.teledrive.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One command a vehicle understands, as listed in {@code hello} for the page to draw a control.
 *
 * @param name       the protocol's {@code command} value, such as {@code up} or {@code horn}
 * @param label      a label for people, such as {@code "Forward"}
 * @param kind       how it moves the vehicle, which decides the host's safety rules
 * @param parameters the message fields it takes
 * @param key        a keyboard hint for the page, such as {@code "ArrowUp"}, or {@code null}
 */
public record CommandSpec(String name, String label, CommandKind kind, List<ParameterSpec> parameters, String key) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9_-]{0,31}");

    /** Checks the name and freezes the parameter list. */
    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name '" + name + "' must be a short identifier");
        }
        parameters = List.copyOf(parameters);
    }

    /** A command without parameters or key hint. */
    public static CommandSpec of(String name, String label, CommandKind kind, ParameterSpec... parameters) {
        return new CommandSpec(name, label, kind, List.of(parameters), null);
    }

    /** This command with a keyboard hint for the page. */
    public CommandSpec withKey(String keyHint) {
        return new CommandSpec(name, label, kind, parameters, keyHint);
    }

    /**
     * Checks a message's fields against the parameters and builds the typed {@link Command}.
     * Fields the spec does not name are ignored, as the protocol asks.
     *
     * @param fields   the message's fields, JSON values decoded to numbers, booleans and strings
     *                 ({@code null} for JSON null, which counts as absent)
     * @param duration for a {@link CommandKind#TIMED} command how long it moves, else {@code null}
     * @throws InvalidCommandException naming the first parameter that does not fit
     */
    public Command bind(Map<String, ?> fields, Duration duration) throws InvalidCommandException {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (ParameterSpec p : parameters) {
            Object value = fields.get(p.name());
            if (value == null) {
                if (p.required()) {
                    throw new InvalidCommandException("'" + name + "' needs '" + p.name() + "'");
                }
                if (p.defaultValue() != null) {
                    arguments.put(p.name(), p.bind(p.defaultValue()));
                }
            } else {
                arguments.put(p.name(), p.bind(value));
            }
        }
        return new Command(name, arguments, kind == CommandKind.TIMED ? duration : null);
    }
}
