package dev.teledrive.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A protocol client on the JDK's WebSocket, collecting every server message in order. */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 5;

    /** Everything received and not yet taken by a test, oldest first. */
    private final LinkedList<JsonNode> messages = new LinkedList<>();

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Connects to a ws:// URI. */
    public static WsClient connect(URI uri) throws Exception {
        return new WsClient(uri);
    }

    /** Sends one text frame. */
    public WsClient send(String json) throws Exception {
        socket.sendText(json, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Sends one binary frame. */
    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The oldest message not yet taken. */
    public JsonNode next() throws InterruptedException {
        return next(m -> true);
    }

    /**
     * The oldest message that matches, waiting for one; messages it passes over stay for later
     * calls, so a test can wait for an ack without losing the state that came first.
     */
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        JsonNode m = poll(wanted, Duration.ofSeconds(WAIT_SECONDS));
        if (m == null) {
            throw new AssertionError("no matching message from the server within " + WAIT_SECONDS + " s");
        }
        return m;
    }

    /** Like {@link #next(Predicate)}, but gives up after {@code wait} and returns {@code null}. */
    public JsonNode poll(Predicate<JsonNode> wanted, Duration wait) throws InterruptedException {
        return find(wanted, wait, Take.MATCH);
    }

    /**
     * Like {@link #poll}, but drops every message that came before the match as well: a later
     * {@code next} then finds only what is newer than it (a state that came before it, but matches
     * the next wait, cannot pass for one that follows it).
     */
    public JsonNode pollPast(Predicate<JsonNode> wanted, Duration wait) throws InterruptedException {
        return find(wanted, wait, Take.THROUGH);
    }

    /** Waits for a message that matches, leaving it (and every other) for later calls. */
    public JsonNode peek(Predicate<JsonNode> wanted) throws InterruptedException {
        JsonNode m = find(wanted, Duration.ofSeconds(WAIT_SECONDS), Take.NONE);
        if (m == null) {
            throw new AssertionError("no matching message from the server within " + WAIT_SECONDS + " s");
        }
        return m;
    }

    /** What a wait takes from the messages received: nothing, the match, or everything up to the match. */
    private enum Take {
        NONE,
        MATCH,
        THROUGH
    }

    private JsonNode find(Predicate<JsonNode> wanted, Duration wait, Take take) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (messages) {
            while (true) {
                int seen = 0;
                for (Iterator<JsonNode> it = messages.iterator(); it.hasNext(); seen++) {
                    JsonNode m = it.next();
                    if (wanted.test(m)) {
                        if (take == Take.MATCH) {
                            it.remove();
                        } else if (take == Take.THROUGH) {
                            messages.subList(0, seen + 1).clear();
                        }
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(messages, left);
            }
        }
    }

    /** The next message of this type. */
    public JsonNode next(String type) throws InterruptedException {
        return next(m -> type.equals(m.path("type").asText()));
    }

    /**
     * The next {@code state} (or {@code hello}) in which this vehicle's {@code state} is the given
     * word ({@code connected}, {@code failed}, ...), passing over others.
     */
    public JsonNode nextWithVehicle(String vehicle, String state) throws InterruptedException {
        return next(showing(vehicle, state));
    }

    /** Whether a message is a {@code state} (or {@code hello}) in which this vehicle shows this state. */
    public static Predicate<JsonNode> showing(String vehicle, String state) {
        return m -> (m.path("type").asText().equals("state")
                        || m.path("type").asText().equals("hello"))
                && state.equals(vehicleIn(m, vehicle).path("state").asText());
    }

    /** Whether a message is a {@code state} in which this connection has this vehicle selected and holds this role. */
    public static Predicate<JsonNode> inRole(String vehicle, String role) {
        return m -> "state".equals(m.path("type").asText())
                && vehicle.equals(m.path("selected").asText())
                && role.equals(m.path("role").asText());
    }

    /** The entry of this vehicle in a {@code hello} or {@code state}, or a missing node. */
    public static JsonNode vehicleIn(JsonNode message, String vehicle) {
        for (JsonNode v : message.path("vehicles")) {
            if (vehicle.equals(v.path("id").asText())) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * Drops what came so far (so no older state passes for the new one), selects a vehicle and waits
     * until it shows connected: select is answered before it connects.
     */
    public void selectConnected(String vehicle) throws Exception {
        clear();
        JsonNode reply = request(
                "select-" + vehicle,
                "{\"command\":\"select\",\"vehicle\":\"" + vehicle + "\",\"id\":\"select-" + vehicle + "\"}");
        if (!"ack".equals(reply.path("type").asText())) {
            throw new AssertionError("could not select " + vehicle + ": " + reply);
        }
        nextWithVehicle(vehicle, "connected");
    }

    /** The reply (ack or error) to the message with this id. */
    public JsonNode reply(Object id) throws InterruptedException {
        JsonNode wantedId = JSON.valueToTree(id);
        return next(
                m -> wantedId.equals(m.get("id")) && !m.path("type").asText().equals("telemetry"));
    }

    /** Sends and waits for the reply to the given id. */
    public JsonNode request(Object id, String json) throws Exception {
        send(json);
        return reply(id);
    }

    /** Drops everything received so far. */
    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    /** The close code the server sent, waiting for it. */
    public int closeCode() throws Exception {
        return closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Whether the connection has been closed by the server. */
    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode m;
                try {
                    m = JSON.readTree(partial.toString());
                } catch (Exception e) {
                    m = JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString());
                }
                synchronized (messages) {
                    messages.add(m);
                    messages.notifyAll();
                }
                partial.setLength(0);
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
