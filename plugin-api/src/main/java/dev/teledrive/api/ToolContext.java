package dev.teledrive.api;

import java.io.PrintWriter;

/**
 * What a {@link ToolProvider} gets from the host.
 *
 * @since 1.1.0
 */
public interface ToolContext {

    /** The merged configuration, as the server would see it. */
    Configuration configuration();

    /** Where results go (standard output). */
    PrintWriter out();

    /** Where problems go, one clear line each with the next step (standard error). */
    PrintWriter err();
}
