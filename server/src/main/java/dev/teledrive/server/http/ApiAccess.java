package dev.teledrive.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may read {@code /api/*}: anyone where access control is off (the server is on loopback),
 * else only a request with {@code Authorization: Bearer <token>} of any role. Wrong tokens count
 * towards the same per-address lockouts as on the WebSocket.
 */
final class ApiAccess {

    /** What a request proved. */
    enum Reader {
        /** Access control is off: the owner's own machine. */
        LOCAL,
        /** A spectator or driver token. */
        TOKEN,
        /** The admin token. */
        ADMIN;

        /** Whether file system paths may be shown: only to the owner. */
        boolean seesPaths() {
            return this != TOKEN;
        }
    }

    private final HostSettings.Access access;
    private final AuthThrottle throttle;
    private final ObjectMapper json;

    ApiAccess(HostSettings.Access access, AuthThrottle throttle, ObjectMapper json) {
        this.access = access;
        this.throttle = throttle;
        this.json = json;
    }

    /**
     * The reader, or empty after answering 401 or 429 itself.
     *
     * @param adminOnly whether only the admin token will do
     */
    Optional<Reader> check(HttpServletRequest request, HttpServletResponse response, boolean adminOnly)
            throws IOException {
        if (!access.required() && !adminOnly) {
            return Optional.of(Reader.LOCAL);
        }
        String address = request.getRemoteAddr();
        Optional<Duration> wait = throttle.lockout(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            response.setHeader("Retry-After", Long.toString(seconds));
            refuse(
                    response,
                    429,
                    "rate_limited",
                    "too many wrong tokens from your address: try again in " + seconds + " s");
            return Optional.empty();
        }
        String header = request.getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim()
                : null;
        if (token != null && Tokens.matches(token, access.adminToken())) {
            return Optional.of(Reader.ADMIN);
        }
        boolean anyRole = Tokens.matches(token, access.driverToken()) || Tokens.matches(token, access.spectatorToken());
        if (anyRole && !adminOnly) {
            return Optional.of(Reader.TOKEN);
        }
        if (token != null && !anyRole) {
            throttle.failed(address); // a missing header is a question, a wrong token a guess
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"teledrive\"");
        refuse(
                response,
                401,
                "unauthorized",
                adminOnly ? "send Authorization: Bearer <admin token>" : "send Authorization: Bearer <token>");
        return Optional.empty();
    }

    private void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), new ApiError(code, message));
    }
}
