package dev.teledrive.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** GET requests to the server behind a WebSocket URL, with its bearer token where one is needed. */
final class ServerHttp {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    /** @param token where access control is on, the bearer token; or {@code null} */
    ServerHttp(URI webSocket, String token) {
        this.token = token;
        String scheme = webSocket.getScheme().equals("wss") ? "https" : "http";
        this.base = scheme + "://" + webSocket.getRawAuthority();
    }

    /** The body of {@code path}, or empty when the server does not serve it (a peer, say) or cannot be reached. */
    Optional<String> get(String path) {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
