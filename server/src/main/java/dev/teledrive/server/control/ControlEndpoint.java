package dev.teledrive.server.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta WebSocket endpoint at {@code /ws} (and {@code /} on the legacy port): a thin adapter
 * from WebSocket events to {@link ControlService}. One instance per connection.
 */
public final class ControlEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ControlEndpoint.class);
    /** Where the configurator leaves the upgrade request's headers for the session. */
    public static final String HEADERS = "teledrive.headers";

    private final ControlService service;
    private final int frameBytes;
    private final boolean behindProxy;
    private volatile ControlSession session;

    public ControlEndpoint(ControlService service, int frameBytes, boolean behindProxy) {
        this.service = service;
        this.frameBytes = frameBytes;
        this.behindProxy = behindProxy;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        // A larger text message is refused by FrameLimit, which closes with 1009 only after the
        // replies owed for the messages before it; Jetty's own check would close at once, ahead of them.
        ws.setMaxBinaryMessageBufferSize(frameBytes);
        @SuppressWarnings("unchecked")
        var headers = (java.util.Map<String, java.util.List<String>>)
                ws.getUserProperties().getOrDefault(HEADERS, java.util.Map.of());
        String remote =
                ClientAddress.of(ws.getUserProperties().get(ClientAddress.SOCKET_ADDRESS), headers, behindProxy);
        // The session is held before anything is written: a client that hangs up at once makes the
        // first write fail and Jetty call onClose from inside it, which must find the session to undo.
        session = service.register(remote, sender(ws), (code, reason) -> close(ws, code, reason));
        if (session == null) {
            return;
        }
        service.greet(session);
        var frames =
                new FrameLimit(frameBytes, text -> service.onText(session, text), () -> service.onOversized(session));
        ws.addMessageHandler(String.class, (MessageHandler.Partial<String>) frames::accept);
        ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> service.onBinary(session));
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
        if (session != null) {
            service.onClose(session);
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        if (session == null || ordinaryEnd(error)) {
            LOG.debug("connection {} failed: {}", session, error.toString());
        } else {
            service.onTransportError(session, error);
        }
    }

    /** A peer that hung up, timed out or broke the protocol: the end of a connection, not a bug. */
    private static boolean ordinaryEnd(Throwable error) {
        return error instanceof IOException
                || error instanceof java.util.concurrent.TimeoutException
                || error instanceof org.eclipse.jetty.websocket.core.exception.WebSocketException;
    }

    /**
     * Frames go straight to Jetty's core session rather than through the Jakarta remote: only
     * the core API can buffer a frame until the next one (Jakarta's flushBatch blocks the caller,
     * here often a vehicle's thread, until a slow client has taken the bytes), and only it takes
     * bytes encoded once for thousands of spectators instead of a String to encode for each. A
     * hub's endpoint sends through it too.
     */
    public static TextSender sender(Session ws) {
        CoreSession core = ((JakartaWebSocketSession) ws).getCoreSession();
        return new TextSender() {
            @Override
            public void send(ByteBuffer utf8, boolean batch, Consumer<Throwable> done) {
                core.sendFrame(
                        new Frame(OpCode.TEXT, true, utf8),
                        Callback.from(() -> done.accept(null), done::accept),
                        batch);
            }

            @Override
            public void flush() {
                core.flush(Callback.NOOP);
            }
        };
    }

    private static void close(Session ws, int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
