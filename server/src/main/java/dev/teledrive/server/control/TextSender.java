package dev.teledrive.server.control;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Sends text frames asynchronously; the WebSocket seam of {@link Outbox}. */
@FunctionalInterface
interface TextSender {

    /**
     * Starts sending one frame; {@code done} is called exactly once, with {@code null} on success
     * or the failure, possibly before this method returns.
     *
     * @param utf8 the frame's text, a buffer of its own whose content is shared and read only
     * @param more {@code true} when another frame follows at once: this one may wait in a buffer
     *             (done is then told as soon as it is buffered) and go out in one write with the
     *             next; {@code false} writes it and anything buffered now
     */
    void send(ByteBuffer utf8, boolean more, Consumer<Throwable> done);
}
