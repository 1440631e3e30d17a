package dev.teledrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Optional;

/** Reads Teledrive's {@code /api/status} next to the WebSocket; a peer server has none. */
final class ServerStatus {

    private final ObjectMapper json = new ObjectMapper();
    private final ServerHttp http;

    /** @param token where access control is on, {@code /api/*} needs one as a bearer token; or {@code null} */
    ServerStatus(URI webSocket, String token) {
        this.http = new ServerHttp(webSocket, token);
    }

    /** The status document, or empty when the server does not serve one. */
    Optional<JsonNode> read() {
        return http.get("/api/status").flatMap(body -> {
            try {
                return Optional.of(json.readTree(body));
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
    }
}
