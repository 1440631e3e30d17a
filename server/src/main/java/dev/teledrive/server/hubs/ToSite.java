package dev.teledrive.server.hubs;

import dev.teledrive.server.bus.Relay;

/** Where a hub's clients' relay messages leave for a site: the hub's subject to that site on NATS. */
@FunctionalInterface
interface ToSite {

    void send(String site, Relay relay);
}
