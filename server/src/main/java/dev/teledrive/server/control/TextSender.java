package dev.teledrive.server.control;

import java.util.function.Consumer;

/** Sends one text frame asynchronously; the WebSocket seam of {@link Outbox}. */
@FunctionalInterface
interface TextSender {

    /**
     * Starts sending; {@code done} is called exactly once, with {@code null} on success or the
     * failure, possibly before this method returns.
     */
    void send(String text, Consumer<Throwable> done);
}
