package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that starts with an empty plugins folder while the simulator's jar comes, goes and is
 * reloaded under many connections that select, claim, drive, release and ask for tickets at random:
 * no connection may ever be closed by an exception, and every id gets exactly one reply.
 */
class PluginChurnIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRIVER = "churn-driver-token";
    private static final String ADMIN = "churn-admin-token";
    private static final int CLIENTS = 12;
    private static final String[] COMMANDS = {
        "{\"command\":\"ping\"}",
        "{\"command\":\"select\",\"vehicle\":\"simulator\"}",
        "{\"command\":\"select\",\"vehicle\":\"nowhere\"}",
        "{\"command\":\"claim\"}",
        "{\"command\":\"release\"}",
        "{\"command\":\"up\",\"duration\":0.05}",
        "{\"command\":\"drive\",\"throttle\":0.3,\"steer\":0}",
        "{\"command\":\"stop\"}",
        "{\"command\":\"ticket\"}",
        "{\"command\":\"auth\",\"token\":\"" + DRIVER + "\"}",
    };

    @TempDir
    Path tmp;

    @Test
    void noConnectionDiesAndEveryIdIsAnsweredOnceWhilePluginsComeAndGo() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PluginChurnIT seed " + seed);
        var random = new Random(seed);
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        var config = new MapConfiguration(Map.of(
                "port",
                "0",
                "plugins",
                plugins.toString(),
                "driverToken",
                DRIVER,
                "adminToken",
                ADMIN,
                "limits.messagesPerSecond",
                "0",
                "turns.placesPerAddress",
                "0"));
        try (Teledrive server = Teledrive.builder(config).start()) {
            URI ws = URI.create(server.uri().toString().replaceFirst("^http", "ws") + "ws");
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                var client = new Client(ws, "c" + i);
                client.send("{\"command\":\"auth\",\"token\":\"" + DRIVER + "\"}");
                clients.add(client);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long nextChurn = 0;
            int step = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() > nextChurn) {
                    churn(server, plugins, step++);
                    nextChurn = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700 + random.nextInt(800));
                }
                clients.get(random.nextInt(CLIENTS)).send(COMMANDS[random.nextInt(COMMANDS.length)]);
                Thread.sleep(random.nextInt(4));
            }
            for (Client c : clients) {
                c.awaitReplies();
            }
            int sent = 0;
            for (Client c : clients) {
                assertTrue(c.closed.isEmpty(), c.name + " was closed: " + c.closed);
                assertEquals(Map.of(), c.unanswered(), c.name + ": ids without exactly one reply (count by id)");
                sent += c.ids.get();
            }
            System.out.printf("PluginChurnIT: %d messages, %d plugin changes, every one answered once%n", sent, step);
        }
    }

    /** The next change of the plugins folder: the jar arrives, is reloaded, goes. */
    private static void churn(Teledrive server, Path plugins, int step) throws Exception {
        Path jar = plugins.resolve("simulator.jar");
        switch (step % 3) {
            case 0 -> {
                if (!Files.exists(jar)) {
                    TestServer.copySimulator(plugins);
                }
            }
            case 1 ->
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(server.uri().resolve("/api/admin/plugins/simulator/reload"))
                                        .timeout(java.time.Duration.ofSeconds(10))
                                        .header("Authorization", "Bearer " + ADMIN)
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
            default -> Files.deleteIfExists(jar);
        }
    }

    /** A connection that numbers its messages and counts the replies to each id. */
    private static final class Client implements WebSocket.Listener {
        final String name;
        final AtomicInteger ids = new AtomicInteger();
        final Map<String, AtomicInteger> replies = new ConcurrentHashMap<>();
        final List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(URI ws, String name) throws Exception {
            this.name = name;
            this.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(ws, this)
                    .get(5, TimeUnit.SECONDS);
        }

        synchronized void send(String json) throws Exception {
            String id = name + "-" + ids.incrementAndGet();
            replies.put(id, new AtomicInteger());
            try {
                socket.sendText(json.replaceFirst("\\{", "{\"id\":\"" + id + "\","), true)
                        .get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(name + " could not send " + json + ": closed " + closed, e);
            }
        }

        void awaitReplies() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!unanswered().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        Map<String, Integer> unanswered() {
            var wrong = new TreeMap<String, Integer>();
            replies.forEach((id, n) -> {
                if (n.get() != 1) {
                    wrong.put(id, n.get());
                }
            });
            return wrong;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    String type = m.path("type").asText();
                    if (m.has("id") && List.of("ack", "error", "pong", "ticket").contains(type)) {
                        replies.computeIfAbsent(m.path("id").asText(), id -> new AtomicInteger())
                                .incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.add(statusCode + " " + reason);
            return CompletableFuture.completedFuture(null);
        }
    }
}
