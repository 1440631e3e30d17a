package dev.teledrive.api;

import java.io.PrintWriter;

/**
 * What a {@link ToolProvider} gets from the host.
 *
 * @since 1.1.0
 */
public interface ToolContext {

    /**
     * The merged configuration, as the server would see it.
     *
     * @return the configuration, with the same layers and the same {@code --set} options
     */
    Configuration configuration();

    /**
     * Where results go (standard output).
     *
     * @return a UTF-8 writer that flushes on {@code println}, {@code printf} and {@code format}; call
     *         {@code flush()} after a plain {@code print} before a long wait
     */
    PrintWriter out();

    /**
     * Where problems go, one clear line each with the next step (standard error).
     *
     * @return a UTF-8 writer that flushes on {@code println}, {@code printf} and {@code format}
     */
    PrintWriter err();
}
