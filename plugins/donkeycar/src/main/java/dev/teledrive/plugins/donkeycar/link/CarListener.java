package dev.teledrive.plugins.donkeycar.link;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Listens on one WebSocket to the car: any frame from it means the car is alive, each text message
 * goes on whole (cut at {@link #MAX_TEXT}, never kept whole when longer), and the socket's end is
 * told with a sentence saying why. The socket's thread calls it, one call at a time.
 */
final class CarListener implements WebSocket.Listener {

    /** The car's messages are a few fields; anything longer is cut, never kept whole. */
    static final int MAX_TEXT = 4096;

    private final Consumer<CharSequence> onText;
    private final Consumer<WebSocket> heard;
    private final BiConsumer<WebSocket, String> ended;
    private final StringBuilder text = new StringBuilder();

    /**
     * @param onText told of each text message from the car
     * @param heard  told of each frame from the car, with the socket it came on
     * @param ended  told when the socket ends, and why
     */
    CarListener(Consumer<CharSequence> onText, Consumer<WebSocket> heard, BiConsumer<WebSocket, String> ended) {
        this.onText = onText;
        this.heard = heard;
        this.ended = ended;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        heard.accept(ws);
        if (text.length() + data.length() <= MAX_TEXT) {
            text.append(data);
        }
        if (last) {
            onText.accept(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        heard.accept(ws);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        heard.accept(ws);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        ended.accept(ws, "the car closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ended.accept(ws, String.valueOf(error.getMessage()));
    }
}
