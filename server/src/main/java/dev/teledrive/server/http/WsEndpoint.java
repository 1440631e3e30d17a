package dev.teledrive.server.http;

import jakarta.websocket.Endpoint;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What serves {@code /ws}: a plain server's (or a site's) protocol core, or a hub's relay to its
 * sites. One instance per connection.
 *
 * @param type    the endpoint's class, for the WebSocket container
 * @param factory makes the endpoint of one connection
 * @param open    the connections it holds now, which the upgrade gate counts against {@code limits.connections}
 * @param openFrom those from one client address, against {@code limits.connectionsPerAddress}
 * @param relay   whether it relays to sites (a hub): then the vehicles and plugins are the sites', and
 *                the admin API here has nothing to act on
 */
public record WsEndpoint(
        Class<? extends Endpoint> type,
        Supplier<? extends Endpoint> factory,
        IntSupplier open,
        ToIntFunction<String> openFrom,
        boolean relay) {}
