package dev.teledrive.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads just enough of a server message to match replies to commands. */
final class Replies {

    private static final JsonFactory JSON = new JsonFactory();

    private Replies() {}

    /** A reply to a command with an id: an {@code ack}, or an {@code error} naming that id. */
    record Reply(boolean ack, String id) {}

    /**
     * The reply this message is, or {@code null} for anything else (telemetry, state). Messages
     * without the word ack or error are skipped without parsing: at load they are most of them.
     */
    static Reply parse(String text) {
        if (!text.contains("\"ack\"") && !text.contains("\"error\"")) {
            return null;
        }
        String type = null;
        String id = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(field)) {
                    type = p.getValueAsString();
                } else if ("id".equals(field) && value.isScalarValue()) {
                    id = p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (id == null || !("ack".equals(type) || "error".equals(type))) {
            return null;
        }
        return new Reply("ack".equals(type), id);
    }

    /**
     * Whether an error reply answers a command that a stop sent after it overtook: the server
     * says it never ran instead of acknowledging it (docs/protocol.md), which a pipelined up, stop,
     * up, stop ... meets now and then.
     */
    static boolean overtaken(String text) {
        return text.contains("did not run: a stop came first");
    }

    /** Sends a message and waits for its reply; an error reply fails with the server's words. */
    static void await(BenchSocket socket, String message, String id) throws Exception {
        String reply = request(socket, message, id);
        if (!parse(reply).ack()) {
            throw new IllegalStateException("the server refused " + message + ": " + reply);
        }
    }

    /** Sends a message and returns its reply, {@code ack} or {@code error}, as the server wrote it. */
    static String request(BenchSocket socket, String message, String id) throws Exception {
        var reply = new CompletableFuture<String>();
        socket.onText(text -> {
            Reply r = parse(text);
            if (r != null && id.equals(r.id())) {
                reply.complete(text);
            }
        });
        socket.send(message);
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no reply to " + message + " within 10 s");
        }
    }

    /**
     * Selects a car and waits for the {@code ack} and for a {@code state} that shows the car
     * connected, in whichever order they come: {@code select} is answered before the car connects.
     */
    static void selectConnected(BenchSocket socket, String car) throws Exception {
        var acked = new CompletableFuture<Void>();
        var connected = new CompletableFuture<Void>();
        socket.onText(text -> {
            Reply r = parse(text);
            if (r != null && "__select".equals(r.id())) {
                if (r.ack()) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(new IllegalStateException("cannot select " + car + ": " + text));
                }
            } else if (text.startsWith("{\"type\":\"state\"") && showsConnected(text, car)) {
                connected.complete(null);
            }
        });
        socket.send("{\"command\":\"select\",\"vehicle\":" + quote(car) + ",\"id\":\"__select\"}");
        try {
            acked.get(10, TimeUnit.SECONDS);
            connected.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(car + " was not selected and connected within 10 s");
        }
    }

    /** Whether a {@code state} lists this car as connected: its entry starts {@code "id", "name", "connected"}. */
    private static boolean showsConnected(String state, String car) {
        int entry = state.indexOf("{\"id\":" + quote(car) + ",");
        int connected = entry < 0 ? -1 : state.indexOf("\"connected\":", entry);
        return connected >= 0 && state.startsWith("\"connected\":true", connected);
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
