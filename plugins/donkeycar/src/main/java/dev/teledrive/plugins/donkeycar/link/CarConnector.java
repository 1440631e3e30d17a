package dev.teledrive.plugins.donkeycar.link;

import dev.teledrive.plugins.donkeycar.Backoff;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens WebSockets to one car's web controller and sends on them, each within a deadline, with every
 * failure as an {@link IOException} whose message tells the user what to check. Kept apart from
 * {@link DriveLink}'s thread and state so the link reads as what it does with a socket, not how one
 * is got.
 */
final class CarConnector {

    private final URI uri;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param uri     the web controller's WebSocket
     * @param timeout how long connecting or one send may take
     */
    CarConnector(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Opens a WebSocket and sends the first message, a stop: the car may still hold a throttle. */
    WebSocket openWithStop(WebSocket.Listener listener, DriveMessage stop) throws IOException {
        WebSocket opened;
        try {
            opened = http.newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(uri, listener)
                    .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(explain(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(noAnswer(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        }
        try {
            send(opened, stop);
        } catch (IOException e) {
            opened.abort();
            throw e;
        }
        return opened;
    }

    void send(WebSocket target, DriveMessage message) throws IOException {
        await(target.sendText(message.toJson(), true));
    }

    void ping(WebSocket target) throws IOException {
        await(target.sendPing(ByteBuffer.allocate(0)));
    }

    /**
     * Sends a last stop and the close frame, each within {@code wait}, then drops the socket whatever
     * happened.
     *
     * @throws IOException when the stop or the close frame did not go out in time
     */
    void closeWithStop(WebSocket target, Duration wait) throws IOException {
        try {
            target.sendText(DriveMessage.stop(false).toJson(), true).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            target.sendClose(WebSocket.NORMAL_CLOSURE, "").get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            target.abort();
        }
    }

    private void await(CompletionStage<?> sent) throws IOException {
        try {
            sent.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("a message to the car took over " + Backoff.seconds(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to the car", e);
        }
    }

    private String explain(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException h) {
            return "the Donkeycar at " + uri + " refused the WebSocket (HTTP "
                    + h.getResponse().statusCode()
                    + "): check that the URL ends in /wsDrive and the car runs its web controller";
        }
        if (cause instanceof ConnectException) {
            return "nothing answers at " + uri + ": start the car (python manage.py drive) and check its address";
        }
        if (cause instanceof HttpTimeoutException) {
            return noAnswer();
        }
        return "cannot connect to the Donkeycar at " + uri + ": " + cause;
    }

    private String noAnswer() {
        return "the Donkeycar at " + uri + " did not answer within " + Backoff.seconds(timeout)
                + ": check that the car is on and on this network";
    }
}
