package dev.teledrive.server.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Headers on every page and API response: a strict Content-Security-Policy (the page has no
 * inline script or style and loads nothing from other hosts, so it needs nothing looser), no
 * MIME sniffing, no referrer, no framing.
 */
final class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response::setHeader);
        chain.doFilter(request, response);
    }

    /** Sets the headers through any API's setter: the servlet response's, or a Jetty core handler's. */
    static void apply(BiConsumer<String, String> header) {
        header.accept("Content-Security-Policy", POLICY);
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("X-Frame-Options", "DENY");
    }
}
