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

    /** The subcommand, a lower-case word such as {@code scan}. */
    String name();

    /** One line for the command's help. */
    String description();

    /**
     * Runs the tool.
     *
     * @param arguments what followed the subcommand on the command line
     * @param context   configuration and the console
     * @return the process exit code: 0 for success, 1 for a failure explained on {@link ToolContext#err()}
     */
    int run(List<String> arguments, ToolContext context);
}
