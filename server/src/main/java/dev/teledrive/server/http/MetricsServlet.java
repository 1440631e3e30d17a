package dev.teledrive.server.http;

import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus's text format, for the admin token, or for a scraper on this
 * machine. Behind a reverse proxy every request comes from loopback, and the client address it
 * forwards can be forged, so there only the admin token will do.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<String> scrape;
    private final transient Optional<String> adminToken;
    private final transient boolean behindProxy;
    private final transient AuthThrottle throttle;

    MetricsServlet(Supplier<String> scrape, Optional<String> adminToken, boolean behindProxy, AuthThrottle throttle) {
        this.scrape = scrape;
        this.adminToken = adminToken;
        this.behindProxy = behindProxy;
        this.throttle = throttle;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String address = request.getRemoteAddr();
        String header = request.getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim()
                : null;
        boolean admin = token != null && Tokens.matches(token, adminToken);
        if (!admin && !(local(address) && !behindProxy)) {
            if (token != null && throttle.lockout(address).isEmpty()) {
                throttle.failed(address);
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"teledrive\"");
            response.sendError(
                    HttpServletResponse.SC_UNAUTHORIZED,
                    adminToken.isPresent()
                            ? "send Authorization: Bearer <admin token>"
                            : "metrics are for this machine only: scrape from loopback, or set an admin token");
            return;
        }
        response.setContentType("text/plain; version=0.0.4");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(scrape.get().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean local(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
