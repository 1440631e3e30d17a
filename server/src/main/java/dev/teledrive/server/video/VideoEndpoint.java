package dev.teledrive.server.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.control.ClientAddress;
import dev.teledrive.server.control.ErrorCode;
import dev.teledrive.server.control.TokenBucket;
import dev.teledrive.server.security.AddressCaps;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta WebSocket endpoint at {@code /video}: a client sends {@code watch}, and gets the
 * camera's frames as binary messages until it watches another camera or hangs up. One instance per
 * connection; its messages arrive one at a time on a Jetty thread.
 *
 * <p>Frames go to Jetty's core session with a callback, as on {@code /ws}: nothing ever blocks on a
 * slow client, and the bytes a frame was encoded into once are sent as they are.
 */
public final class VideoEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(VideoEndpoint.class);
    /** Where the configurator leaves the upgrade request's headers for the session. */
    public static final String HEADERS = "teledrive.video.headers";

    /**
     * Watches a connection may send: a burst of 5, then one a second. Switching cameras by hand never
     * gets near it; a script switching in a loop would start and stop cameras (child processes) as fast
     * as it sends.
     */
    private static final int WATCH_BURST = 5;

    private static final double WATCHES_PER_SECOND = 1;
    private static final int CLOSE_GOING_AWAY = 1001;
    private static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final Cameras cameras;
    private final VideoAccess access;
    private final boolean behindProxy;
    private CoreSession core;
    private Session ws;
    private String remote;
    private boolean admitted;
    private final TokenBucket watches = new TokenBucket(WATCHES_PER_SECOND, WATCH_BURST, System::nanoTime);
    /** The camera watched now and this socket's viewer of it; guarded by this. */
    private CameraHub hub;

    private SocketViewer viewer;
    private boolean open;

    public VideoEndpoint(Cameras cameras, VideoAccess access, boolean behindProxy) {
        this.cameras = cameras;
        this.access = access;
        this.behindProxy = behindProxy;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.ws = session;
        this.core = ((JakartaWebSocketSession) session).getCoreSession();
        session.setMaxTextMessageBufferSize(WatchRequest.MAX_BYTES);
        session.setMaxBinaryMessageBufferSize(WatchRequest.MAX_BYTES);
        @SuppressWarnings("unchecked")
        var headers = (Map<String, List<String>>) session.getUserProperties().getOrDefault(HEADERS, Map.of());
        remote = ClientAddress.of(
                session.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress"), headers, behindProxy);
        AddressCaps.Refusal refusal = access.enter(remote);
        if (refusal != null) {
            // The upgrade gate answers 503 or 429 first; only a burst that slipped past it together gets here.
            close(
                    CLOSE_TRY_AGAIN_LATER,
                    refusal == AddressCaps.Refusal.FULL
                            ? "too many video connections"
                            : "too many video connections from your address");
            return;
        }
        synchronized (this) {
            open = true;
        }
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>)
                bytes -> error(null, ErrorCode.BAD_MESSAGE, "binary frames are not accepted: send a JSON 'watch'"));
    }

    private void onText(String text) {
        WatchRequest watch;
        try {
            watch = WatchRequest.parse(text);
        } catch (WatchRequest.Refused e) {
            error(e.id(), e.code(), e.getMessage());
            return;
        }
        if (!watches.tryAcquire()) {
            error(
                    watch.id(),
                    ErrorCode.RATE_LIMITED,
                    "too many watches: at most " + WATCH_BURST + " at once, then one a second");
            return;
        }
        if (!admitted) {
            if (!access.admits(watch.ticket())) {
                error(
                        watch.id(),
                        ErrorCode.UNAUTHORIZED,
                        watch.ticket() == null
                                ? "video needs a ticket here: send {\"command\":\"ticket\"} on /ws and put the"
                                        + " answer's 'ticket' in 'watch'"
                                : "that ticket is not valid or has expired: ask /ws for a new one");
                return;
            }
            admitted = true;
        }
        var found = cameras.find(watch.camera());
        if (found.isEmpty()) {
            List<String> ids = cameras.ids();
            error(
                    watch.id(),
                    ErrorCode.VEHICLE_UNAVAILABLE,
                    "there is no camera '" + watch.camera() + "': "
                            + (ids.isEmpty() ? "this server has no cameras" : "cameras are " + String.join(", ", ids)));
            return;
        }
        switchTo(found.get(), watch.codec());
        LOG.debug(
                "video connection from {} watches {} in {}",
                remote,
                watch.camera(),
                watch.codec().wireName());
    }

    /** Leaves the camera watched so far and watches this one. */
    private void switchTo(CameraHub next, VideoCodec codec) {
        CameraHub before;
        SocketViewer old;
        SocketViewer fresh = new SocketViewer(codec);
        synchronized (this) {
            if (!open) {
                return;
            }
            before = hub;
            old = viewer;
            hub = next;
            viewer = fresh;
        }
        if (before != null) {
            before.leave(old);
        }
        next.watch(fresh);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        CameraHub watched;
        SocketViewer last;
        boolean wasOpen;
        synchronized (this) {
            wasOpen = open;
            open = false;
            watched = hub;
            last = viewer;
            hub = null;
            viewer = null;
        }
        if (watched != null) {
            watched.leave(last);
        }
        if (wasOpen) {
            access.leave(remote);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("video connection from {} failed: {}", remote, error.toString());
    }

    private void error(JsonNode id, ErrorCode code, String message) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", "error");
        if (id != null) {
            n.set("id", id);
        }
        n.put("code", code.wire());
        n.put("message", message);
        sendText(n.toString());
    }

    private void sendText(String text) {
        core.sendFrame(
                new Frame(OpCode.TEXT, true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))),
                Callback.NOOP,
                false);
    }

    private void close(int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            LOG.debug("closing a video connection failed", e);
        }
    }

    /** This socket's viewer of one camera in one codec. */
    private final class SocketViewer extends Viewer {

        SocketViewer(VideoCodec codec) {
            super(codec);
        }

        @Override
        protected void transmit(WireFrame frame) {
            core.sendFrame(
                    new Frame(OpCode.BINARY, true, frame.wire()), Callback.from(() -> sent(null), this::sent), false);
        }

        @Override
        protected void cameraGone(String reason) {
            synchronized (VideoEndpoint.this) {
                if (viewer != this) {
                    return; // this socket watches another camera by now
                }
                hub = null;
                viewer = null;
            }
            error(null, ErrorCode.VEHICLE_UNAVAILABLE, reason);
            close(CLOSE_GOING_AWAY, "camera gone");
        }

        @Override
        protected void unavailable(String reason) {
            error(null, ErrorCode.VEHICLE_UNAVAILABLE, reason);
        }
    }
}
