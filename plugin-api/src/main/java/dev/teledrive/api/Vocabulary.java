package dev.teledrive.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands a vehicle understands, in the order the page shows them. Every vocabulary must
 * contain a {@link CommandKind#STOP} command named {@code stop}: the host relies on it.
 * Start from {@link StandardVocabulary#motion(int)} and add your own with {@link #plus(CommandSpec...)}, so the page's
 * joystick, keyboard and gamepad drive your vehicle too.
 *
 * @param commands the commands in display order, unmodifiable; names unique, {@code stop} among them
 */
public record Vocabulary(List<CommandSpec> commands) {

    /**
     * Checks names are unique and that {@code stop} is there.
     *
     * @param commands the commands in display order
     * @throws NullPointerException     if {@code commands} is {@code null} or holds {@code null}
     * @throws IllegalArgumentException if a name appears twice, or there is no {@code stop} of kind
     *                                  {@link CommandKind#STOP}
     */
    public Vocabulary {
        commands = List.copyOf(commands);
        Map<String, CommandSpec> seen = new LinkedHashMap<>();
        for (CommandSpec c : commands) {
            if (seen.put(c.name(), c) != null) {
                throw new IllegalArgumentException("command '" + c.name() + "' is listed twice: give each command"
                        + " its own name; to change one of StandardVocabulary's, leave the standard one out (a"
                        + " Vocabulary is a list of CommandSpecs you may filter) and add yours");
            }
        }
        CommandSpec stop = seen.get("stop");
        if (stop == null || stop.kind() != CommandKind.STOP) {
            throw new IllegalArgumentException("a vocabulary needs a 'stop' command of kind STOP: keep"
                    + " StandardVocabulary's, or add CommandSpec.of(\"stop\", \"Stop\", CommandKind.STOP)");
        }
    }

    /**
     * A vocabulary of the given commands.
     *
     * @param commands the commands in display order, {@code stop} among them
     * @return the vocabulary
     * @throws IllegalArgumentException if a name appears twice, or {@code stop} is missing
     */
    public static Vocabulary of(CommandSpec... commands) {
        return new Vocabulary(List.of(commands));
    }

    /**
     * The command with this name, if the vocabulary has it. The host looks up every message this
     * way; tests can too, to bind a command as the host would.
     *
     * @param name the command name, case-sensitive
     * @return the spec, or empty when no command has this name
     */
    public Optional<CommandSpec> find(String name) {
        for (CommandSpec c : commands) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * This vocabulary with more commands after its own. It cannot replace a command: to change one
     * of the standard set, build the vocabulary with {@link #of(CommandSpec...)} instead.
     *
     * @param more the commands to add
     * @return a new vocabulary; this one is unchanged
     * @throws IllegalArgumentException if a name is already taken
     */
    public Vocabulary plus(CommandSpec... more) {
        var all = new java.util.ArrayList<>(commands);
        all.addAll(List.of(more));
        return new Vocabulary(all);
    }
}
