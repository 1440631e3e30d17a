package dev.teledrive.server.http;

import dev.teledrive.server.security.HostPolicy;
import dev.teledrive.server.security.QuietLog;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses requests whose {@code Host} names this server by a name it does not answer to (see
 * {@link HostPolicy}): the page, the API and the WebSocket alike. Installed only where the server
 * listens on loopback without tokens; anywhere else tokens keep a rebinding page out.
 */
final class HostCheck extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);

    private final HostPolicy policy;
    private final QuietLog refusals;

    HostCheck(Handler next, HostPolicy policy, Clock clock) {
        super(next);
        this.policy = policy;
        this.refusals = new QuietLog(LOG, clock, Duration.ofMinutes(1));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String header = request.getHeaders().get(HttpHeader.HOST);
        String host = header == null ? null : new HostPortHttpField(header).getHost();
        // Both the header as sent and the name the request ends up with (a proxy's X-Forwarded-Host)
        // must pass: a page can add the latter itself.
        if (!policy.allows(host) || !policy.allows(Request.getServerName(request))) {
            refusals.warn(
                    "refused a request for host '{}': this server answers on loopback names only; add the name"
                            + " to allowedHosts if it is yours (a page that points its own name at this "
                            + "machine is refused"
                            + " so that it cannot drive)",
                    host);
            Response.writeError(request, response, callback, 403, "host not allowed");
            return true;
        }
        return super.handle(request, response, callback);
    }
}
