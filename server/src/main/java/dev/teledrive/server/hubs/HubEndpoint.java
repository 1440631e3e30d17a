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
        Hub.Client opened = hub.open(remote, ControlEndpoint.sender(ws), (code, reason) -> close(ws, code, reason));
        client = opened;
        ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) opened::text);
        ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> opened.binary());
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
