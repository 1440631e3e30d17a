package dev.teledrive.server.hubs;

/** Where a hub's clients' relay messages leave for a site: the hub's subject to that site on NATS. */
@FunctionalInterface
interface ToSite {

    /** @param relay a {@link dev.teledrive.server.bus.Relay} message, encoded */
    void send(String site, byte[] relay);
}
