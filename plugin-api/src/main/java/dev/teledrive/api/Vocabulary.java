package dev.teledrive.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands a vehicle understands, in the order the page shows them. Every vocabulary must
 * contain a {@link CommandKind#STOP} command named {@code stop}: the host relies on it.
 *
 * @param commands the commands, names unique
 */
public record Vocabulary(List<CommandSpec> commands) {

    /** Checks names are unique and that {@code stop} is there. */
    public Vocabulary {
        commands = List.copyOf(commands);
        Map<String, CommandSpec> seen = new LinkedHashMap<>();
        for (CommandSpec c : commands) {
            if (seen.put(c.name(), c) != null) {
                throw new IllegalArgumentException("command '" + c.name() + "' is listed twice");
            }
        }
        CommandSpec stop = seen.get("stop");
        if (stop == null || stop.kind() != CommandKind.STOP) {
            throw new IllegalArgumentException("a vocabulary needs a 'stop' command of kind STOP");
        }
    }

    /** A vocabulary of the given commands. */
    public static Vocabulary of(CommandSpec... commands) {
        return new Vocabulary(List.of(commands));
    }

    /** The command with this name, if the vocabulary has it. */
    public Optional<CommandSpec> find(String name) {
        for (CommandSpec c : commands) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** This vocabulary with more commands after its own. */
    public Vocabulary plus(CommandSpec... more) {
        var all = new java.util.ArrayList<>(commands);
        all.addAll(List.of(more));
        return new Vocabulary(all);
    }
}
