package dev.teledrive.server.control;

import java.util.function.Consumer;

/**
 * Puts a text message together from the parts the WebSocket hands over and enforces the size
 * limit itself: a message over it is never held, and from then on nothing more is read, while the
 * connection closes (with 1009) only once the replies owed for the messages before it are out.
 * Jetty's own limit would close at once and lose those replies.
 */
public final class FrameLimit {

    private final int maxBytes;
    private final Consumer<String> onMessage;
    private final Runnable onOversized;
    private final StringBuilder parts = new StringBuilder();
    private int bytes;
    private boolean over;

    /**
     * @param maxBytes    the largest message, in UTF-8 bytes
     * @param onMessage   gets each whole message within the limit
     * @param onOversized told once, at the first message over it
     */
    public FrameLimit(int maxBytes, Consumer<String> onMessage, Runnable onOversized) {
        this.maxBytes = maxBytes;
        this.onMessage = onMessage;
        this.onOversized = onOversized;
    }

    /** One part of a text message, in order, on the connection's reading thread. */
    public void accept(String part, boolean last) {
        if (over) {
            return;
        }
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            over = true;
            parts.setLength(0);
            onOversized.run();
            return;
        }
        if (last && parts.length() == 0) {
            bytes = 0;
            onMessage.accept(part); // the usual case: a message in one part, never copied
            return;
        }
        parts.append(part);
        if (last) {
            String whole = parts.toString();
            parts.setLength(0);
            bytes = 0;
            onMessage.accept(whole);
        }
    }

    static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                n += 2; // a pair makes 4 bytes
            } else {
                n += 3;
            }
        }
        return n;
    }
}
