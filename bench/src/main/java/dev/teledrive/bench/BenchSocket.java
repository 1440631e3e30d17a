package dev.teledrive.bench;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection. Messages go to a handler a mode may swap at any time; they arrive one at
 * a time per connection, on the client's I/O threads, so a handler must not block.
 */
public final class BenchSocket implements Session.Listener.AutoDemanding {

    private volatile Consumer<String> handler = text -> {};
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Session session;

    /** Where this connection's text messages go from now on. */
    public void onText(Consumer<String> handler) {
        this.handler = handler;
    }

    /** Sends one text frame without waiting for it to be written. */
    public void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Closes with 1000 and returns at once. */
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "bench done", Callback.NOOP);
        }
    }

    /** Completes when the server or the client closed the connection. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
        handler.accept(text);
    }

    @Override
    public void onWebSocketClose(int status, String reason, Callback callback) {
        closed.complete(null);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(null);
    }
}
