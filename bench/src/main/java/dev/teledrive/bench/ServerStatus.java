package dev.teledrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads Teledrive's {@code /api/status} next to the WebSocket; a peer server has none. */
final class ServerStatus {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI status;
    private final String token;

    /** @param token where access control is on, {@code /api/*} needs one as a bearer token; or {@code null} */
    ServerStatus(URI webSocket, String token) {
        this.token = token;
        String scheme = webSocket.getScheme().equals("wss") ? "https" : "http";
        this.status = URI.create(scheme + "://" + webSocket.getRawAuthority() + "/api/status");
    }

    /** The status document, or empty when the server does not serve one. */
    Optional<JsonNode> read() {
        try {
            var request = HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(json.readTree(response.body())) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
