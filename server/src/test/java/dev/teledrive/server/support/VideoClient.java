package dev.teledrive.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@code /video} client on the JDK's WebSocket: frames split into header and data, text messages as JSON. */
public final class VideoClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 5;

    /** One binary message: its JSON header and the encoded frame. */
    public record Frame(JsonNode header, byte[] data) {
        public long seq() {
            return header.path("seq").asLong();
        }

        public String camera() {
            return header.path("camera").asText();
        }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private VideoClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    public static VideoClient connect(URI uri) throws Exception {
        return new VideoClient(uri);
    }

    public VideoClient send(String json) throws Exception {
        socket.sendText(json, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Sends {@code watch} for a camera in JPEG. */
    public VideoClient watch(String camera) throws Exception {
        return send("{\"command\":\"watch\",\"camera\":\"" + camera + "\"}");
    }

    /** The next frame, waiting up to 5 s; fails when none comes. */
    public Frame frame() throws InterruptedException {
        Frame f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no video frame within " + WAIT_SECONDS + " s"
                    + (texts.isEmpty() ? "" : "; text messages: " + texts));
        }
        return f;
    }

    /** The next frame of this camera, skipping frames of others (sent before a switch). */
    public Frame frameOf(String camera) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            Frame f = frame();
            if (f.camera().equals(camera)) {
                return f;
            }
        }
        throw new AssertionError("no frame of camera " + camera);
    }

    /** The next text message, waiting up to 5 s; fails when none comes. */
    public JsonNode text() throws InterruptedException {
        JsonNode m = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no text message within " + WAIT_SECONDS + " s");
        }
        return m;
    }

    /** Frames received and not yet taken. */
    public int pendingFrames() {
        return frames.size();
    }

    /** Drops every frame received so far. */
    public void dropFrames() {
        frames.clear();
    }

    /** The close code the server sent, waiting for it. */
    public int closeCode() throws Exception {
        return closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    /** Splits a binary message into its header and its frame, checking the length prefix. */
    public static Frame parse(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message);
        int n = b.getInt();
        try {
            JsonNode header = JSON.readTree(new String(message, 4, n, StandardCharsets.UTF_8));
            return new Frame(header, Arrays.copyOfRange(message, 4 + n, message.length));
        } catch (Exception e) {
            throw new AssertionError("a binary message whose header is not JSON", e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                frames.add(parse(binary.toByteArray()));
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    texts.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    texts.add(JSON.createObjectNode().put("type", "unparseable").put("text", text.toString()));
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
