package dev.teledrive.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A spectator connection that keeps the latest telemetry of the vehicle it watches (the default
 * one, or the one it selects) and the fastest speeds seen either way.
 */
final class TelemetryWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<JsonNode> latest = new AtomicReference<>();
    private volatile double maxSpeed;
    private volatile double minSpeed;
    private final WebSocket socket;

    /** Watches the server's default vehicle. */
    TelemetryWatcher(URI page) throws Exception {
        this(page, null);
    }

    /** Watches {@code vehicle}, or the default vehicle for null. */
    TelemetryWatcher(URI page, String vehicle) throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + page.getAuthority() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            take(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        if (vehicle != null) {
            var select = JSON.createObjectNode().put("command", "select").put("vehicle", vehicle);
            socket.sendText(select.toString(), true).get(10, TimeUnit.SECONDS);
        }
    }

    private void take(String frame) {
        try {
            JsonNode m = JSON.readTree(frame);
            if ("telemetry".equals(m.path("type").asText())) {
                latest.set(m);
                maxSpeed = Math.max(maxSpeed, m.path("speed").asDouble());
                minSpeed = Math.min(minSpeed, m.path("speed").asDouble());
            }
        } catch (Exception e) {
            // not telemetry: not for us
        }
    }

    /** Sends a message of the protocol, such as a claim. */
    void send(String message) throws Exception {
        socket.sendText(message, true).get(10, TimeUnit.SECONDS);
    }

    JsonNode await(Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode t = latest.get();
            if (t != null && condition.test(t)) {
                return t;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("telemetry never matched; last: " + latest.get());
    }

    /** The speed in the latest telemetry, or NaN before any came. */
    double latestSpeed() {
        JsonNode t = latest.get();
        return t == null ? Double.NaN : t.path("speed").asDouble();
    }

    double maxSpeed() {
        return maxSpeed;
    }

    double minSpeed() {
        return minSpeed;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
