package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution behind a real nginx running the shipped site file, attacked with a forged
 * {@code X-Forwarded-For} on every connection: the per-address lockouts and caps still count the
 * one real address.
 */
class NginxEdgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRIVER = "nginx-edge-driver-token";

    @TempDir
    Path tmp;

    @Test
    void forgedForwardedAddressesNeitherBuyTokenGuessesNorConnectionsPastTheCap() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path tokenFile = Files.writeString(tmp.resolve("driver.token"), DRIVER);
        try (RunningTeledrive teledrive = RunningTeledrive.start(
                        work,
                        "--port",
                        "0",
                        "--behind-proxy",
                        "--set",
                        "driverTokenFile=" + tokenFile,
                        "--set",
                        "limits.connectionsPerAddress=5");
                Nginx nginx = Nginx.start(
                        RunningTeledrive.DIST.resolve("deploy/nginx-teledrive.conf"),
                        teledrive.uri().getPort(),
                        Files.createDirectories(tmp.resolve("nginx")))) {
            URI ws = URI.create("ws://127.0.0.1:" + nginx.port() + "/ws");

            int locked = 0;
            for (int i = 1; i <= 12; i++) {
                try (Client c = Client.open(ws, "192.0.2." + i)) {
                    JsonNode reply = c.request("{\"command\":\"auth\",\"token\":\"guess-" + i + "\",\"id\":1}");
                    assertEquals("error", reply.path("type").asText(), reply.toString());
                    if ("rate_limited".equals(reply.path("code").asText())) {
                        locked++;
                    }
                }
            }
            System.out.printf("through nginx, 12 wrong tokens from 12 forged addresses: %d locked out%n", locked);
            assertTrue(locked > 0, "the lockouts count nginx's address, not the forged ones");

            List<Client> open = new ArrayList<>();
            try {
                for (int i = 1; i <= 5; i++) {
                    open.add(Client.open(ws, "198.51.100." + i));
                }
                var refused = org.junit.jupiter.api.Assertions.assertThrows(
                        ExecutionException.class, () -> Client.open(ws, "198.51.100.99"));
                assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
                assertEquals(
                        429,
                        ((WebSocketHandshakeException) refused.getCause())
                                .getResponse()
                                .statusCode());
            } finally {
                for (Client c : open) {
                    c.close();
                }
            }
        }
    }

    /** A WebSocket through the proxy that claims to come from {@code forged}. */
    private static final class Client implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client open(URI ws, String forged) throws Exception {
            var client = new Client();
            client.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("X-Forwarded-For", forged)
                    .header("Forwarded", "for=" + forged)
                    .buildAsync(ws, client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        JsonNode request(String json) throws Exception {
            socket.sendText(json, true).get(5, TimeUnit.SECONDS);
            while (true) {
                String text = messages.poll(10, TimeUnit.SECONDS);
                if (text == null) {
                    throw new AssertionError("no reply to " + json);
                }
                JsonNode m = JSON.readTree(text);
                if (m.has("id")) {
                    return m;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
