package dev.teledrive.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One command a vehicle understands, as listed in {@code hello} for the page to draw a control.
 * The host checks every message against it ({@link #bind(Map, Duration)}) before the vehicle sees it.
 *
 * @param name       the protocol's {@code command} value, such as {@code up} or {@code horn}: 1 to 32
 *                   characters, a lower-case letter first, then letters, digits, {@code _} or
 *                   {@code -}. The protocol's own commands ({@code ping}, {@code auth},
 *                   {@code claim}, {@code release}, {@code skip}, {@code select}, {@code ticket})
 *                   are answered by the host, and {@code resume}, {@code watch}, {@code state},
 *                   {@code hello} and {@code hub} are kept for the protocol's later commands: the
 *                   host refuses to load a vocabulary that uses one of those names (since 1.4.0;
 *                   before, such a command never reached the vehicle)
 * @param label      a label for people, such as {@code "Forward"}: the text of the page's button
 * @param kind       how it moves the vehicle, which decides the host's safety rules
 * @param parameters the message fields it takes, in order, unmodifiable; each name once. The page
 *                   draws a plain button for a command without parameters, and a small form for one
 *                   with parameters: a control for each, drawn from its type, and a button that
 *                   sends them. The standard driving commands are the exception: the joystick, the
 *                   keyboard and the gamepad drive with {@code drive}, {@code up}, {@code down},
 *                   {@code left} and {@code right} stay plain buttons, and {@code raw} is not drawn
 * @param key        a keyboard hint in the form of a browser {@code KeyboardEvent.key}, such as
 *                   {@code "ArrowUp"}, {@code "h"} or {@code " "} for Space, or {@code null}. The
 *                   page shows it on the button, and the key sends the command (with its form's
 *                   values) unless the driving keys already use it: the arrows, W, A, S, D and Space
 */
public record CommandSpec(String name, String label, CommandKind kind, List<ParameterSpec> parameters, String key) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9_-]{0,31}");

    /**
     * Checks the name and freezes the parameter list. A parameter name listed twice is refused by
     * the host when it loads the plugin (since 1.4.0), not here.
     *
     * @param name       the command name, a short identifier
     * @param label      a label for people
     * @param kind       how it moves the vehicle
     * @param parameters the parameters, in order
     * @param key        a keyboard hint, or {@code null}
     * @throws NullPointerException     if {@code name}, {@code label}, {@code kind} or
     *                                  {@code parameters} is {@code null}, or holds {@code null}
     * @throws IllegalArgumentException if the name is not a short identifier
     */
    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name '" + name + "' must be a short identifier");
        }
        parameters = List.copyOf(parameters);
    }

    /**
     * A command without key hint, such as {@code CommandSpec.of("horn", "Horn", CommandKind.ACTION)}.
     *
     * @param name       the command name, a short identifier
     * @param label      a label for people
     * @param kind       how it moves the vehicle
     * @param parameters the parameters, in order; none for a plain button
     * @return the spec; {@link #withKey(String)} adds a keyboard hint
     * @throws IllegalArgumentException if the name is not a short identifier
     */
    public static CommandSpec of(String name, String label, CommandKind kind, ParameterSpec... parameters) {
        return new CommandSpec(name, label, kind, List.of(parameters), null);
    }

    /**
     * This command with a keyboard hint for the page.
     *
     * @param keyHint a {@code KeyboardEvent.key} value such as {@code "h"}, or {@code null} for none
     * @return a copy with the hint; this spec is unchanged
     */
    public CommandSpec withKey(String keyHint) {
        return new CommandSpec(name, label, kind, parameters, keyHint);
    }

    /**
     * Checks a message's fields against the parameters and builds the typed {@link Command}.
     * Fields the spec does not name are ignored, as the protocol asks.
     *
     * @param fields   the message's fields, JSON values decoded to numbers, booleans and strings
     *                 ({@code null} for JSON null, which counts as absent)
     * @param duration for a {@link CommandKind#TIMED} command how long it moves; ignored for
     *                 other kinds
     * @return the command for {@link Vehicle#accept(Command)}: an argument for each parameter given or
     *         defaulted, and the duration for a timed command only ({@code null} otherwise)
     * @throws InvalidCommandException naming the first parameter that does not fit; the host sends
     *                                 its message to the client as a {@code bad_message} error
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
