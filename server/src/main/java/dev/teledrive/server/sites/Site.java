package dev.teledrive.server.sites;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusSettings;
import dev.teledrive.server.control.ControlPort;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.video.Cameras;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's side of sites and hubs when it runs as a site ({@code --site NAME --nats URL}): it
 * dials out to NATS (no inbound port at home), announces its vehicles to every hub and serves the
 * hubs' connections to them in its own seats and queues ({@link HubLink}). Without
 * {@code site.name} there is none, and the server is exactly a plain one.
 */
public final class Site implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Site.class);

    private final Bus bus;
    private final SitePresence presence;
    private final HubLink hubs;

    private Site(Bus bus, SitePresence presence, HubLink hubs) {
        this.bus = bus;
        this.presence = presence;
        this.hubs = hubs;
    }

    /** Dials NATS and starts the heartbeat if this server is a site; empty for a plain server. */
    public static Optional<Site> start(
            Configuration configuration, Clock clock, VehicleRegistry vehicles, ControlService control, Cameras cameras)
            throws IOException, InterruptedException {
        Optional<String> name = BusSettings.siteName(configuration);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        BusSettings nats = BusSettings.from(configuration).orElseThrow();
        LOG.info("site '{}' dials NATS at {}", name.get(), nats.servers());
        Bus bus = Bus.connect(nats, "site " + name.get(), clock);
        return Optional.of(new Site(
                bus,
                SitePresence.start(name.get(), bus, vehicles, control.desk(), cameras),
                HubLink.start(
                        name.get(),
                        bus,
                        new ControlPort(control, new SiteTelemetry(name.get(), bus)),
                        clock,
                        Monotonic.nanoTime(clock))));
    }

    /** The connection to NATS, for status and metrics. */
    public Bus bus() {
        return bus;
    }

    /** The hubs' connections to this site's vehicles. */
    public HubLink hubs() {
        return hubs;
    }

    @Override
    public void close() {
        hubs.close();
        presence.close();
        bus.close();
    }
}
