package dev.teledrive.server;

import dev.teledrive.api.Configuration;
import java.net.URI;

/**
 * A running Teledrive: the Jetty host with its plugins loaded. {@code main} builds the
 * configuration and calls {@link #start(Configuration)}; tests do the same with port 0.
 */
public final class Teledrive implements AutoCloseable {

    private Teledrive() {
    }

    /** Loads the plugins, opens the default vehicle and starts listening. */
    public static Teledrive start(Configuration configuration) throws Exception {
        throw new UnsupportedOperationException("coming with the server core");
    }

    /** Where the page is served, with the real port: {@code http://127.0.0.1:8000/}. */
    public URI uri() {
        throw new UnsupportedOperationException();
    }

    /** Stops every vehicle, closes every connection with 1001 and stops listening. Idempotent. */
    @Override
    public void close() {
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
    }
}
