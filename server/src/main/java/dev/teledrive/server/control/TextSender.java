package dev.teledrive.server.control;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Sends text frames asynchronously; the WebSocket seam of {@link Outbox}. */
@FunctionalInterface
public interface TextSender {

    /**
     * Starts sending one frame; {@code done} is called exactly once, with {@code null} on success
     * or the failure, possibly before this method returns.
     *
     * @param utf8  the frame's text, a buffer of its own whose content is shared and read only
     * @param batch {@code true} when more frames follow soon: this one may wait in a buffer (done
     *              is then told as soon as it is buffered) until a frame sent without batch, or
     *              {@link #flush}, writes everything buffered in one write
     */
    void send(ByteBuffer utf8, boolean batch, Consumer<Throwable> done);

    /** Writes whatever frames wait in the buffer; a sender that buffers nothing has nothing to do. */
    default void flush() {}
}
