package dev.teledrive.server.hubs;

import dev.teledrive.server.control.ClientAddress;
import dev.teledrive.server.control.ControlEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /ws} at a hub: a thin adapter from a browser's WebSocket to its {@link Hub.Client}. */
public final class HubEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);

    private final Hub hub;
    private final int frameBytes;
    private final boolean behindProxy;
    private volatile Hub.Client client;

    public HubEndpoint(Hub hub, int frameBytes, boolean behindProxy) {
        this.hub = hub;
        this.frameBytes = frameBytes;
        this.behindProxy = behindProxy;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        ws.setMaxTextMessageBufferSize(frameBytes);
        ws.setMaxBinaryMessageBufferSize(frameBytes);
        @SuppressWarnings("unchecked")
        var headers =
                (Map<String, List<String>>) ws.getUserProperties().getOrDefault(ControlEndpoint.HEADERS, Map.of());
        String remote =
                ClientAddress.of(ws.getUserProperties().get(ClientAddress.SOCKET_ADDRESS), headers, behindProxy);
        // Jetty's core session queues frames from any thread in order, as ControlEndpoint relies on too.
        CoreSession core = ((JakartaWebSocketSession) ws).getCoreSession();
        Consumer<String> send = text -> core.sendFrame(new Frame(OpCode.TEXT).setPayload(text), Callback.NOOP, false);
        client = hub.open(remote, send, (code, reason) -> close(ws, code, reason));
        ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> client.text(text));
        ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>)
                bytes -> send.accept("{\"type\":\"error\",\"code\":\"bad_message\","
                        + "\"message\":\"binary frames are not accepted: send JSON text\"}"));
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
        if (client != null) {
            client.closed();
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        LOG.debug("a hub connection failed: {}", error.toString());
    }

    private static void close(Session ws, int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            LOG.debug("closing a hub connection failed", e);
        }
    }
}
