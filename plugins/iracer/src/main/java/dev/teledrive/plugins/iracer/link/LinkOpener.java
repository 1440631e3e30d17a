package dev.teledrive.plugins.iracer.link;

import java.io.IOException;

/** Opens a fresh {@link Link}; called again for every reconnection. */
@FunctionalInterface
public interface LinkOpener {

    /**
     * Opens the link.
     *
     * @throws IOException whose message says what went wrong and the user's next step
     */
    Link open() throws IOException;
}
