package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of messages from a seeded generator, well-formed and not: every message with an id
 * gets exactly one reply, and the server keeps serving.
 */
class ProtocolFuzzIT {

    private static final long SEED = 20_121_124L;
    private static final int MESSAGES = 3_000;
    private static final List<String> COMMANDS = List.of(
            "up", "down", "left", "right", "stop", "raw", "drive", "ping", "claim", "release", "select", "auth", "horn",
            "boom", "fly", "", "UP", "stop ");

    @TempDir
    Path tmp;

    @Test
    void everyIdGetsExactlyOneReplyAndTheServerKeepsServing() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c.with("limits.messagesPerSecond", "0"));
                WsClient c = server.connect()) {
            c.next("hello");
            var random = new Random(SEED);
            Map<String, String> expected = new HashMap<>();
            // As strict as the server: a key twice or a second value in a frame is bad_json, with no id to answer.
            var json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
            for (int i = 0; i < MESSAGES; i++) {
                String id = "f" + i;
                String message = message(random, id);
                if (carriesId(json, message, id)) {
                    expected.put(id, message);
                }
                c.send(message);
            }
            c.send("{\"command\":\"ping\",\"id\":\"last\"}");
            JsonNode last = c.reply("last");
            assertEquals("pong", last.path("type").asText());
            // Replies to earlier messages come before the last pong; count them.
            JsonNode m;
            Map<String, Integer> seen = new HashMap<>();
            while ((m = poll(c)) != null) {
                if (m.has("id")
                        && m.path("id").isTextual()
                        && expected.containsKey(m.path("id").asText())) {
                    seen.merge(m.path("id").asText(), 1, Integer::sum);
                }
            }
            for (String id : expected.keySet()) {
                assertEquals(1, seen.getOrDefault(id, 0), "replies to " + expected.get(id));
            }
            assertTrue(
                    expected.size() > MESSAGES / 3, "the generator made enough messages with ids: " + expected.size());
            assertEquals(
                    "pong",
                    c.request("after", "{\"command\":\"ping\",\"id\":\"after\"}")
                            .path("type")
                            .asText());
        }
    }

    /** Whether the message is a JSON object whose id the server can read (broken JSON has no id to answer). */
    private static boolean carriesId(com.fasterxml.jackson.databind.ObjectMapper json, String message, String id) {
        try {
            JsonNode n = json.readTree(message);
            return n.isObject() && id.equals(n.path("id").asText(null));
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode poll(WsClient c) {
        try {
            return c.next(n -> !"telemetry".equals(n.path("type").asText())
                    && !"state".equals(n.path("type").asText()));
        } catch (AssertionError | InterruptedException e) {
            return null; // nothing more within the wait
        }
    }

    /** One message: mostly plausible commands with wrong or odd fields, sometimes not JSON at all. */
    private static String message(Random r, String id) {
        switch (r.nextInt(12)) {
            case 0:
                return "{\"command\":\"up\",\"id\":\"" + id + "\"" + "}".repeat(r.nextInt(3)); // truncated or doubled
            case 1:
                return "[" + r.nextInt() + "]";
            case 2:
                return "{\"id\":\"" + id + "\",\"command\":" + r.nextInt(5) + "}";
            default:
                break;
        }
        StringBuilder sb = new StringBuilder("{\"command\":\"")
                .append(COMMANDS.get(r.nextInt(COMMANDS.size())))
                .append('"');
        if (r.nextInt(4) != 0) {
            sb.append(",\"id\":\"").append(id).append('"');
        }
        String[] fields = {"duration", "data", "throttle", "steer", "vehicle", "token", "speed", "t"};
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
            sb.append(",\"")
                    .append(fields[r.nextInt(fields.length)])
                    .append("\":")
                    .append(value(r));
        }
        return sb.append('}').toString();
    }

    private static String value(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.toString(r.nextGaussian() * 2);
            case 1 -> Integer.toString(r.nextInt(600) - 100);
            case 2 -> "null";
            case 3 -> "\"simulator\"";
            case 4 -> "\"" + "x".repeat(r.nextInt(40)) + "\"";
            case 5 -> "true";
            case 6 -> "[1,{\"a\":[]}]";
            default -> "{\"nested\":{\"deeper\":" + r.nextInt() + "}}";
        };
    }
}
