package dev.teledrive.server.plugins;

import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.Vocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, when a plugin loads, the vocabulary mistakes that would otherwise show only in use: a
 * command the server answers itself (its page button would never reach the vehicle), a parameter
 * the host reads itself, a parameter listed twice, a default its own spec refuses, a default off
 * its own step. Each problem is a sentence that names the fix.
 */
final class VocabularyCheck {

    /** The protocol's commands that the server answers itself (PROTOCOL.md; the control package's CommandTable). */
    static final List<String> HOST_COMMANDS =
            List.of("ping", "auth", "claim", "release", "skip", "select", "ticket", "resume");

    /**
     * Names the protocol keeps for commands the server will answer: {@code watch} (the video socket's),
     * {@code state} and {@code hello} (its message types) and {@code hub} (sites and hubs).
     */
    static final List<String> RESERVED_COMMANDS = List.of("watch", "state", "hello", "hub");

    /** Message fields the host reads itself, and what each is. */
    private static final Map<String, String> HOST_FIELDS = Map.of(
            "id", "the message id, which the host reads and echoes in its reply",
            "command", "the message's command field",
            "vehicle", "the vehicle a select names",
            "token", "the access token auth carries");

    private VocabularyCheck() {}

    /** What is wrong with a vocabulary, one sentence each; empty when the server can serve it. */
    static List<String> problems(Vocabulary vocabulary) {
        List<String> problems = new ArrayList<>();
        for (CommandSpec command : vocabulary.commands()) {
            String name = command.name();
            if (HOST_COMMANDS.contains(name)) {
                problems.add("command '" + name + "' is one of the protocol's own (" + String.join(", ", HOST_COMMANDS)
                        + "), which the server answers itself, so the vehicle would never see it: rename it");
            } else if (RESERVED_COMMANDS.contains(name)) {
                problems.add("command '" + name + "' is kept for the protocol's later commands ("
                        + String.join(", ", RESERVED_COMMANDS) + "): rename it");
            }
            Set<String> seen = new HashSet<>();
            for (ParameterSpec p : command.parameters()) {
                problems.addAll(parameterProblems(command, p));
                if (!seen.add(p.name())) {
                    problems.add("command '" + name + "' lists parameter '" + p.name()
                            + "' twice: give each parameter its own name");
                }
            }
        }
        return problems;
    }

    private static List<String> parameterProblems(CommandSpec command, ParameterSpec p) {
        String where = "command '" + command.name() + "': parameter '" + p.name() + "'";
        List<String> problems = new ArrayList<>();
        if (HOST_FIELDS.containsKey(p.name())) {
            problems.add(where + " is named like " + HOST_FIELDS.get(p.name()) + ": rename it");
        }
        if (p.name().equals("duration") && command.kind() == CommandKind.TIMED) {
            problems.add(where + " is named like the timed command's own duration, which the host reads, clamps"
                    + " and passes as Command.duration(): rename it, or drop it and read command.duration()");
        }
        if (!p.required() && p.defaultValue() != null) {
            try {
                p.bind(p.defaultValue());
                if (p.step() != null && !onGrid(p, ((Number) p.defaultValue()).doubleValue())) {
                    problems.add(where + " defaults to " + p.defaultValue() + ", between the steps of " + p.step()
                            + " its slider offers: give .optional(...) a value on them");
                }
            } catch (InvalidCommandException e) {
                problems.add(where + " defaults to " + quoted(p.defaultValue()) + ", which its own spec refuses ("
                        + e.getMessage() + "): give .optional(...) a value that fits, or null for none");
            }
        }
        return problems;
    }

    /** Whether a value lies on the parameter's slider grid: from 0 when 0 is in range, else from min. */
    private static boolean onGrid(ParameterSpec p, double value) {
        boolean zeroInRange = (p.min() == null || p.min() <= 0) && (p.max() == null || p.max() >= 0);
        double origin = zeroInRange || p.min() == null ? 0 : p.min();
        double steps = (value - origin) / p.step();
        return Math.abs(steps - Math.rint(steps)) < 1e-9;
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
