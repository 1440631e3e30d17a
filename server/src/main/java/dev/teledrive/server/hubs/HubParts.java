package dev.teledrive.server.hubs;

import java.time.Clock;

/**
 * What every client of a hub shares: the sites heard, the telemetry fan-out, the video tickets, the
 * message writer, the way to the sites, and the clock. The hub makes one and hands it to each
 * {@link HubConnection}, so a connection knows the hub only by these parts.
 */
record HubParts(
        SiteDirectory directory,
        HubTelemetry telemetry,
        SiteTickets tickets,
        HubMessages messages,
        ToSite sites,
        Clock clock) {}
