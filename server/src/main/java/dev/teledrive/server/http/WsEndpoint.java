package dev.teledrive.server.http;

import jakarta.websocket.Endpoint;
import java.util.function.Supplier;

/**
 * What serves {@code /ws}: a plain server's (or a site's) protocol core, or a hub's relay to its
 * sites. One instance per connection.
 *
 * @param type    the endpoint's class, for the WebSocket container
 * @param factory makes the endpoint of one connection
 */
public record WsEndpoint(Class<? extends Endpoint> type, Supplier<? extends Endpoint> factory) {}
