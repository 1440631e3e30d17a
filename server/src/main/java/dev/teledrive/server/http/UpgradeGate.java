package dev.teledrive.server.http;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.QuietLog;
import dev.teledrive.server.video.VideoAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the WebSocket upgrade at {@code /ws} and {@code /video} (and at the legacy port's
 * root), whether a connection may be opened at all: a browser page from another origin gets 403 (so a stranger's
 * site cannot drive through a visitor's browser), and the connection caps answer 503 (everyone)
 * or 429 (this address). It wraps the whole server, ahead of the servlet layer, where Jetty's own
 * upgrade filter runs first; the request it sees already has a proxy's forwarding headers applied.
 *
 * <p>The legacy port also takes pages opened from a file ({@code Origin: null}): that is how the
 * 2012 {@code car.html} is used, and it must drive unchanged.
 */
final class UpgradeGate extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeGate.class);

    /** The video WebSocket's path; video connections have caps of their own ({@link VideoAccess}). */
    static final String VIDEO = "/video";

    private final WsEndpoint control;
    private final VideoAccess videoAccess;
    private final SendBuffer sendBuffer;
    private final HostSettings.Limits limits;
    private final List<String> allowedOrigins;
    private final String legacyConnector;
    private final QuietLog refusedOrigins;
    private final QuietLog refusedAddresses;

    /**
     * @param control         what serves {@code /ws}, whose connections the caps count
     * @param legacyConnector the name of the legacy port's connector, whose endpoint is at its root
     */
    UpgradeGate(
            Handler next,
            WsEndpoint control,
            VideoAccess videoAccess,
            SendBuffer sendBuffer,
            HostSettings settings,
            String legacyConnector,
            Clock clock) {
        super(next);
        this.videoAccess = videoAccess;
        this.sendBuffer = sendBuffer;
        this.refusedOrigins = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.refusedAddresses = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.legacyConnector = legacyConnector;
        this.control = control;
        this.limits = settings.limits();
        this.allowedOrigins = settings.access().allowedOrigins().stream()
                .map(UpgradeGate::normal)
                .toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
            return super.handle(request, response, callback);
        }
        boolean legacy = legacyConnector.equals(
                request.getConnectionMetaData().getConnector().getName());
        boolean video = !legacy && VIDEO.equals(request.getHttpURI().getPath());
        if (!legacy && !video && !"/ws".equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null
                && !normal(origin).equals(ownOrigin(request))
                && !allowedOrigins.contains(normal(origin))
                && !(legacy && "null".equals(origin))) {
            refusedOrigins.warn(
                    "refused a WebSocket from origin {} (the page is {}): add it to allowedOrigins if it is yours",
                    origin,
                    ownOrigin(request));
            Response.writeError(request, response, callback, 403, "origin not allowed");
            return true;
        }
        int open = video ? videoAccess.count() : control.open().getAsInt();
        if (limits.connections() > 0 && open >= limits.connections()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Response.writeError(request, response, callback, 503, "too many connections");
            return true;
        }
        String address = Request.getRemoteAddr(request);
        int fromAddress =
                video ? videoAccess.countFrom(address) : control.openFrom().applyAsInt(address);
        if (limits.connectionsPerAddress() > 0 && fromAddress >= limits.connectionsPerAddress()) {
            refusedAddresses.warn(
                    "refused a WebSocket from {}: it already has {} connections",
                    address,
                    limits.connectionsPerAddress());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Response.writeError(request, response, callback, 429, "too many connections from your address");
            return true;
        }
        if (video) {
            sendBuffer.bound(request);
        }
        return super.handle(request, response, callback);
    }

    /** The origin the page itself was served from, as this request sees it (proxy headers applied). */
    private static String ownOrigin(Request request) {
        String scheme = request.isSecure() ? "https" : "http";
        int port = Request.getServerPort(request);
        boolean defaultPort =
                port <= 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + Request.getServerName(request).toLowerCase(Locale.ROOT)
                + (defaultPort ? "" : ":" + port);
    }

    private static String normal(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        return o.replaceFirst("^(https://[^/]+):443$", "$1").replaceFirst("^(http://[^/]+):80$", "$1");
    }
}
