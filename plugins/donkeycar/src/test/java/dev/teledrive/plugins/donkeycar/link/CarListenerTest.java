package dev.teledrive.plugins.donkeycar.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the car sends: whole messages, cut when too long; every frame a sign of life; the end with a reason. */
class CarListenerTest {

    /** A socket that only counts what was requested of it. */
    private static final class Socket implements WebSocket {
        long requested;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {}
    }

    private final List<String> texts = new ArrayList<>();
    private final List<WebSocket> heard = new ArrayList<>();
    private final List<String> ends = new ArrayList<>();
    private final CarListener listener =
            new CarListener(t -> texts.add(t.toString()), heard::add, (ws, why) -> ends.add(why));
    private final Socket socket = new Socket();

    @Test
    void partsMakeOneMessageAndEveryFrameIsASignOfLife() {
        listener.onText(socket, "{\"a\":", false);
        listener.onText(socket, "1}", true);
        listener.onPong(socket, ByteBuffer.allocate(0));
        listener.onBinary(socket, ByteBuffer.allocate(1), true);

        assertEquals(List.of("{\"a\":1}"), texts);
        assertEquals(4, heard.size());
        assertEquals(4, socket.requested, "each frame asks for the next");
    }

    @Test
    void aTooLongMessageIsCutNotKeptWhole() {
        listener.onText(socket, "x".repeat(CarListener.MAX_TEXT), false);
        listener.onText(socket, "more", true);
        listener.onText(socket, "next", true);

        assertEquals(List.of("x".repeat(CarListener.MAX_TEXT), "next"), texts);
    }

    @Test
    void theEndSaysWhy() {
        listener.onClose(socket, 1001, "going away");
        listener.onClose(socket, 1000, "");
        listener.onError(socket, new java.io.IOException("reset"));

        assertEquals(
                List.of(
                        "the car closed the connection (1001 going away)",
                        "the car closed the connection (1000)",
                        "reset"),
                ends);
    }
}
