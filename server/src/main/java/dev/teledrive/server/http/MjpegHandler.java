package dev.teledrive.server.http;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.video.CameraHub;
import dev.teledrive.server.video.Cameras;
import dev.teledrive.server.video.VideoAccess;
import dev.teledrive.server.video.Viewer;
import dev.teledrive.server.video.WireFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /video/<camera>.mjpg}: the camera's JPEG frames as {@code multipart/x-mixed-replace},
 * for an {@code <img>}, VLC, ffplay or OBS. A Jetty core handler writing with callbacks: no thread
 * waits on a viewer, and a viewer that reads slowly skips frames (latest wins) like any other.
 * Where tokens guard the server it needs {@code ?ticket=}; the query is never logged.
 */
final class MjpegHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(MjpegHandler.class);
    private static final Pattern PATH = Pattern.compile("/video/([^/]+)\\.mjpg");

    private final Cameras cameras;
    private final VideoAccess access;
    private final String connector;
    private final SendBuffer sendBuffer;

    /**
     * @param connector the name of the connector that serves video (the main port)
     */
    MjpegHandler(Handler next, Cameras cameras, VideoAccess access, String connector, SendBuffer sendBuffer) {
        super(next);
        this.cameras = cameras;
        this.access = access;
        this.connector = connector;
        this.sendBuffer = sendBuffer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Matcher m = PATH.matcher(request.getHttpURI().getPath());
        if (!m.matches()
                || !connector.equals(
                        request.getConnectionMetaData().getConnector().getName())) {
            return super.handle(request, response, callback);
        }
        SecurityHeaders.apply(response.getHeaders()::put);
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            Response.writeError(request, response, callback, 405, "only GET");
            return true;
        }
        var found = cameras.find(m.group(1));
        if (found.isEmpty()) {
            Response.writeError(request, response, callback, 404, "no such camera");
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        if (!access.admits(query.getValue("ticket"))) {
            Response.writeError(
                    request, response, callback, 401, "video needs a ticket: ask /ws with {\"command\":\"ticket\"}");
            return true;
        }
        String address = Request.getRemoteAddr(request);
        AddressCaps.Refusal refusal = access.enter(address);
        if (refusal != null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Response.writeError(
                    request,
                    response,
                    callback,
                    refusal == AddressCaps.Refusal.FULL ? 503 : 429,
                    "too many video connections");
            return true;
        }
        sendBuffer.bound(request);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "multipart/x-mixed-replace; boundary=" + WireFrame.BOUNDARY);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        new Stream(found.get(), request, response, callback, address).start();
        return true;
    }

    /** One viewer's stream: it ends when the client goes or the camera does. */
    private final class Stream extends Viewer {
        private final CameraHub hub;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String address;
        private final AtomicBoolean ended = new AtomicBoolean();

        Stream(CameraHub hub, Request request, Response response, Callback callback, String address) {
            super(VideoCodec.JPEG);
            this.hub = hub;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.address = address;
        }

        void start() {
            request.addFailureListener(this::end);
            // The headers go out at once, so a client knows the stream is open before the first frame.
            response.write(false, null, Callback.from(() -> hub.watch(this), this::end));
        }

        @Override
        protected void transmit(WireFrame frame) {
            response.write(false, frame.mjpegPart(), Callback.from(() -> sent(null), failure -> {
                sent(failure);
                end(failure);
            }));
        }

        @Override
        protected void cameraGone(String reason) {
            if (ended.compareAndSet(false, true)) {
                access.leave(address);
                callback.succeeded(); // ends the response: the multipart stream stops
            }
        }

        @Override
        protected void unavailable(String reason) {
            // A JPEG stream is never refused for its codec.
        }

        private void end(Throwable failure) {
            hub.leave(this);
            if (ended.compareAndSet(false, true)) {
                access.leave(address);
                LOG.debug("mjpeg viewer of camera '{}' left: {}", hub.id(), failure.toString());
                callback.failed(failure);
            }
        }
    }
}
