package dev.teledrive.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A subcommand a plugin adds to {@code bin/teledrive}, such as the i-Racer plugin's
 * {@code teledrive scan}. The host loads the plugins folder, finds the tool by name and runs it
 * instead of the server.
 *
 * @since 1.1.0
 */
public interface ToolProvider extends ExtensionPoint {

    /**
     * The subcommand, a lower-case word such as {@code scan}.
     *
     * @return the word, matched exactly against the first word after {@code bin/teledrive}. When
     *         two plugins offer the same word only one of them runs, so make it specific
     */
    String name();

    /**
     * One line for the command's help.
     *
     * @return a short line saying what the tool does, listed next to {@link #name()} when a user
     *         types a subcommand that does not exist
     */
    String description();

    /**
     * Runs the tool.
     *
     * <p>The plugins are loaded but no vehicle is opened and no server runs; they are unloaded when
     * this returns, so finish all work first. An exception ends the process with exit code 1 and
     * its message on standard error.
     *
     * @param arguments what followed the subcommand on the command line, unmodifiable
     * @param context   configuration and the console
     * @return the process exit code: 0 for success, 1 for a failure explained on
     *         {@link ToolContext#err()}, 2 for arguments that make no sense (as {@code bin/teledrive}
     *         answers a bad command line)
     */
    int run(List<String> arguments, ToolContext context);
}
