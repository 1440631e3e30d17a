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
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws} at a hub: a browser's WebSocket to its {@link Hub.Client}, behind the same guards as a
 * plain server's: the upgrade gate's origin check and caps before it opens, the caps again in
 * {@link Hub#open}, the frame size and message rate ({@link ClientGate}) before anything reaches
 * NATS, the container's idle timeout, and a cap on the frames queued for a client that does not
 * read: past {@link #MAX_QUEUED_FRAMES} it is closed with 1008, as a plain server closes one that
 * leaves its replies unread.
 */
public final class HubEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);
    /** Frames a client may leave unread, as a plain server's outbox allows. */
    static final int MAX_QUEUED_FRAMES = 1024;

    private static final int CLOSE_POLICY = 1008;

    private final Hub hub;
    private final HostSettings.Limits limits;
    private final boolean behindProxy;
    private final LongSupplier nanos;
    private volatile Hub.Client client;

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
        // Jetty's core session queues frames from any thread in order, as ControlEndpoint relies on too.
        CoreSession core = ((JakartaWebSocketSession) ws).getCoreSession();
        core.setMaxOutgoingFrames(MAX_QUEUED_FRAMES);
        Consumer<String> send = text -> core.sendFrame(
                new Frame(OpCode.TEXT).setPayload(text),
                Callback.from(() -> {}, failure -> tooSlow(ws, failure)),
                false);
        Hub.Client opened = hub.open(remote, send, (code, reason) -> close(ws, code, reason));
        if (opened == null) {
            return; // refused by the caps, and closed
        }
        client = opened;
        var gate = new ClientGate(limits, nanos, new HubMessages(), opened::text, send, opened::oversized);
        ws.addMessageHandler(String.class, (MessageHandler.Partial<String>) gate::accept);
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

    /**
     * A frame could not even be queued: the client leaves too much unread (or is already gone). The
     * site lets go of it at once, so nothing more crosses the bus for it; the close frame waits
     * behind what the client has not read, and the idle timeout ends a client that never reads again.
     */
    private void tooSlow(Session ws, Throwable failure) {
        if (!(failure instanceof java.nio.channels.WritePendingException)) {
            LOG.debug("a frame to a hub client was not sent: {}", failure.toString());
            return;
        }
        Hub.Client gone = client;
        if (gone != null) {
            gone.closed();
        }
        if (ws.isOpen()) {
            close(ws, CLOSE_POLICY, "too slow: " + MAX_QUEUED_FRAMES + " frames left unread");
        }
    }

    private static void close(Session ws, int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            LOG.debug("closing a hub connection failed", e);
        }
    }
}
