package dev.teledrive.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty's WebSocket client set up for load: thousands of connections share a few selector threads
 * instead of taking a thread each.
 */
public final class BenchClient implements AutoCloseable {

    /** Connections opened at once; more at a time only fills the server's accept queue. */
    private static final int CONNECT_BATCH = 100;

    /** The largest video frame a viewer accepts. */
    private static final int MAX_FRAME = 8 * 1024 * 1024;

    /** A slow viewer's socket receive buffer: what a phone on a poor link holds, not a server's megabytes. */
    private static final int SLOW_RECEIVE_BUFFER = 16 * 1024;

    private final URI url;
    private final String token;
    private final WebSocketClient client;
    private WebSocketClient slowClient;

    /**
     * @param url   the server's WebSocket
     * @param token sent in an {@code auth} message first when the server needs one, or {@code null}
     */
    public BenchClient(URI url, String token) throws Exception {
        this.url = url;
        this.token = token;
        var threads = new QueuedThreadPool(16, 2);
        threads.setName("bench-client");
        threads.setDaemon(true);
        var http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        this.client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(5));
        client.setMaxBinaryMessageSize(MAX_FRAME);
        client.setStopAtShutdown(false);
        client.start();
    }

    public URI url() {
        return url;
    }

    /** The token connections authenticate with, or {@code null}. */
    String token() {
        return token;
    }

    /**
     * Connects a video viewer to {@code /video}. A slow one goes through a client with small socket
     * buffers, so that, as on a slow link, frames it has not read wait at the server, not in a
     * large local buffer.
     */
    void connectVideo(VideoViewer viewer, boolean slow) throws Exception {
        WebSocketClient through = slow ? slowClient() : client;
        through.connect(viewer, VideoBench.videoUri(url)).get(10, TimeUnit.SECONDS);
    }

    private synchronized WebSocketClient slowClient() throws Exception {
        if (slowClient == null) {
            var connector = new ClientConnector();
            connector.setReceiveBufferSize(SLOW_RECEIVE_BUFFER);
            var http = new HttpClient(new HttpClientTransportOverHTTP(connector));
            slowClient = new WebSocketClient(http);
            slowClient.setMaxBinaryMessageSize(MAX_FRAME);
            slowClient.setIdleTimeout(Duration.ofMinutes(5));
            slowClient.setStopAtShutdown(false);
            slowClient.start();
        }
        return slowClient;
    }

    /** Opens one connection and, when a token was given, authenticates it. */
    public BenchSocket open() throws Exception {
        BenchSocket socket = connect().get(10, TimeUnit.SECONDS);
        if (token != null) {
            Replies.await(
                    socket,
                    "{\"command\":\"auth\",\"token\":" + Replies.quote(token) + ",\"id\":\"__auth\"}",
                    "__auth");
        }
        return socket;
    }

    /** Opens one connection and takes the driver seat. */
    public BenchSocket openDriver() throws Exception {
        BenchSocket socket = open();
        String reply = Replies.request(socket, "{\"command\":\"claim\",\"id\":\"__claim\"}", "__claim");
        // A peer server without a driver seat does not know claim: anyone may drive there.
        if (!Replies.parse(reply).ack() && !reply.contains("\"unknown_command\"")) {
            socket.close();
            throw new IllegalStateException("cannot take the driver seat: " + reply);
        }
        return socket;
    }

    /** Opens up to {@code n} connections, a batch at a time; those that fail are left out. */
    public List<BenchSocket> openMany(int n) throws InterruptedException {
        List<BenchSocket> open = new ArrayList<>(n);
        for (int i = 0; i < n; i += CONNECT_BATCH) {
            int batch = Math.min(CONNECT_BATCH, n - i);
            List<CompletableFuture<BenchSocket>> pending = new ArrayList<>(batch);
            for (int j = 0; j < batch; j++) {
                pending.add(connect());
            }
            for (CompletableFuture<BenchSocket> p : pending) {
                try {
                    BenchSocket s = p.get(30, TimeUnit.SECONDS);
                    if (token != null) {
                        s.send("{\"command\":\"auth\",\"token\":" + Replies.quote(token) + "}");
                    }
                    open.add(s);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    // counted by the caller as a failed connection
                }
            }
        }
        return open;
    }

    /** Closes every socket and waits up to {@code wait} for the server to confirm. */
    public static void closeAll(List<BenchSocket> sockets, Duration wait) throws InterruptedException {
        var done = new CountDownLatch(sockets.size());
        for (BenchSocket s : sockets) {
            s.closed().whenComplete((v, e) -> done.countDown());
            s.close();
        }
        done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<BenchSocket> connect() {
        var socket = new BenchSocket();
        try {
            return client.connect(socket, url).thenApply(session -> socket);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
            client.getHttpClient().stop();
            if (slowClient != null) {
                slowClient.stop();
                slowClient.getHttpClient().stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the WebSocket client failed", e);
        }
    }
}
