package dev.teledrive.server.hubs;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's look at its sites, every {@link #PERIOD}: when a site came, fell silent, came back or was
 * forgotten, or its vehicles' names, links or cameras changed, every client is told
 * ({@link HubConnection#listingChanged}); a change of seat or queue is the site's to tell. Run on
 * one thread only.
 */
final class SiteSweep implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteSweep.class);
    /** How often the hub looks for a site that came, fell silent or was forgotten. */
    static final Duration PERIOD = Duration.ofMillis(250);

    private final SiteDirectory directory;
    private final HubClients clients;
    /** What the clients were last told of the sites. */
    private List<SiteDirectory.Shown> shown = List.of();

    SiteSweep(SiteDirectory directory, HubClients clients) {
        this.directory = directory;
        this.clients = clients;
    }

    @Override
    public void run() {
        try {
            List<SiteDirectory.Listed> fleet = directory.vehicles();
            List<SiteDirectory.Shown> now =
                    fleet.stream().map(SiteDirectory.Listed::shown).toList();
            if (now.equals(shown)) {
                return;
            }
            shown = now;
            clients.forEach(c -> c.listingChanged(fleet));
        } catch (RuntimeException e) {
            LOG.error("the hub's sweep of its sites failed; it tries again", e); // a scheduled task that throws stops
        }
    }
}
