package dev.teledrive.server.hubs;

import dev.teledrive.server.config.HostSettings;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws} at a hub: a browser's WebSocket to its {@link HubClient}, behind the same guards as a
 * plain server's: the upgrade gate's origin check and caps before it opens, the caps again in
 * {@link Hub#open}, the frame size and message rate ({@link ClientGate}) before anything reaches
 * NATS, and the container's idle timeout. What the client is sent goes through an outbox of its
 * own ({@link Hub#open}): a client that leaves too many replies unread is closed with 1008, as on a
 * plain server, and the site lets go of it.
 */
public final class HubEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);
    private final Hub hub;
    private final HostSettings.Limits limits;
    private final boolean behindProxy;
    private final LongSupplier nanos;
    private volatile HubClient client;

    public HubEndpoint(Hub hub, HostSettings.Limits limits, boolean behindProxy, LongSupplier nanos) {
        this.hub = hub;
        this.limits = limits;
        this.behindProxy = behindProxy;
        this.nanos = nanos;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        // As at ControlEndpoint: a larger text message is refused by the gate's FrameLimit, which
        // closes with 1009 only after the replies owed; Jetty's own check would close at once.
        ws.setMaxBinaryMessageBufferSize(limits.frameBytes());
        @SuppressWarnings("unchecked")
        var headers =
                (Map<String, List<String>>) ws.getUserProperties().getOrDefault(ControlEndpoint.HEADERS, Map.of());
        String remote =
                ClientAddress.of(ws.getUserProperties().get(ClientAddress.SOCKET_ADDRESS), headers, behindProxy);
        HubClient opened = hub.open(remote, ControlEndpoint.sender(ws), (code, reason) -> close(ws, code, reason));
        if (opened == null) {
            return; // refused by the caps, and closed
        }
        client = opened;
        var gate = new ClientGate(
                limits, nanos, hub.messages(), opened::text, opened::reply, opened::repeatedStop, opened::oversized);
        ws.addMessageHandler(String.class, (MessageHandler.Partial<String>) gate::accept);
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
