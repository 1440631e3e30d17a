package dev.teledrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One {@code /video} connection (public, as Jetty's WebSocket client requires of a listener) that measures each frame's age when it has fully arrived: now
 * minus the capture time in its header. It may read at a limited rate, as a viewer on a slow link
 * would: it then asks the socket for the next frame only when its byte budget allows, so the
 * server sees the back-pressure in TCP.
 */
public final class VideoViewer implements Session.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String watch;
    private final Latency age;
    private final long bytesPerSecond;
    private final ScheduledExecutorService pacer;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Session session;
    private volatile boolean counting;
    private volatile String error;
    /** Frames that came, counted or not: a viewer with none has not settled yet. */
    volatile long received;

    volatile long frames;
    volatile long firstSeq = -1;
    volatile long lastSeq = -1;
    private long readyAt;

    /** A viewer that reads as fast as frames come, so it needs no pacer. */
    VideoViewer(String watch, Latency age) {
        this(watch, age, 0, null);
    }

    /**
     * @param watch          the watch message to send once open
     * @param age            where each frame's age goes, shared by viewers (a Latency is not thread-safe,
     *                       so the caller gives each reader thread its own or synchronises)
     * @param bytesPerSecond the reading rate, or 0 for as fast as frames come
     * @param pacer          schedules the next read of a paced viewer ({@code null} for one at full speed)
     */
    VideoViewer(String watch, Latency age, long bytesPerSecond, ScheduledExecutorService pacer) {
        this.watch = watch;
        this.age = age;
        this.bytesPerSecond = bytesPerSecond;
        this.pacer = pacer;
    }

    /** Starts or stops counting frames and ages; frames before that only warm up. */
    void counting(boolean on) {
        if (on) {
            frames = 0;
            firstSeq = -1;
        }
        counting = on;
    }

    /** Whether it reads at a limited rate, as on a slow link. */
    boolean paced() {
        return bytesPerSecond > 0;
    }

    /** The text of an error the server sent, if any. */
    String error() {
        return error;
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "bench done", Callback.NOOP);
        }
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        session.sendText(watch, Callback.NOOP);
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        error = text;
        session.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long now = epochMicros();
        int size = payload.remaining();
        received++; // only this socket's reader thread writes it
        try {
            JsonNode header = header(payload);
            if (counting) {
                long seq = header.path("seq").asLong();
                if (firstSeq < 0) {
                    firstSeq = seq;
                }
                lastSeq = seq;
                frames++;
                long captured = Math.round(header.path("t").asDouble() * 1000);
                synchronized (age) {
                    age.recordNanos((now - captured) * 1000);
                }
            }
        } catch (IOException | RuntimeException e) {
            error = "unreadable frame: " + e;
        }
        callback.succeed();
        if (bytesPerSecond <= 0) {
            session.demand();
            return;
        }
        // Read the next frame only once this one's bytes fit the budget: the rest waits in TCP.
        long start = Math.max(readyAt, System.nanoTime());
        readyAt = start + size * 1_000_000_000L / bytesPerSecond;
        long delay = readyAt - System.nanoTime();
        pacer.schedule(session::demand, Math.max(0, delay), TimeUnit.NANOSECONDS);
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

    private static JsonNode header(ByteBuffer frame) throws IOException {
        int length = frame.getInt(frame.position());
        byte[] json = new byte[length];
        frame.get(frame.position() + 4, json);
        return JSON.readTree(new String(json, StandardCharsets.UTF_8));
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
