package dev.teledrive.server.sites;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusSettings;
import dev.teledrive.server.bus.BusStatus;
import dev.teledrive.server.control.ControlPort;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.video.Cameras;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's side of sites and hubs when it runs as a site ({@code --site NAME --nats URL}): it
 * dials out to NATS (no inbound port at home), announces its vehicles to every hub and serves the
 * hubs' connections to them in its own seats and queues ({@link HubLink}), and the frames of the
 * cameras some hub watches ({@link VideoUplink}). Without
 * {@code site.name} there is none, and the server is exactly a plain one.
 */
public final class Site implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Site.class);

    private final String name;
    private final Bus bus;
    private final SitePresence presence;
    private final HubLink hubs;
    private final VideoUplink video;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Site(String name, Bus bus, SitePresence presence, HubLink hubs, VideoUplink video) {
        this.name = name;
        this.bus = bus;
        this.presence = presence;
        this.hubs = hubs;
        this.video = video;
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
                name.get(),
                bus,
                SitePresence.start(name.get(), bus, vehicles, control.desk(), cameras),
                HubLink.start(
                        name.get(),
                        bus,
                        new ControlPort(control, new SiteTelemetry(name.get(), bus)),
                        clock,
                        Monotonic.nanoTime(clock)),
                VideoUplink.start(name.get(), bus, cameras, clock, Monotonic.nanoTime(clock))));
    }

    /** The connection to NATS, for status and metrics. */
    public Bus bus() {
        return bus;
    }

    /** The link to NATS as {@code /api/status} shows it. */
    public BusStatus status() {
        return new BusStatus(
                "site",
                name,
                bus.state(),
                bus.server(),
                bus.roundTrip().map(d -> d.toNanos() / 1e6).orElse(null),
                bus.reconnects(),
                hubs.dropped(),
                null,
                hubs.hubsHeard());
    }

    /** The hubs' connections to this site's vehicles. */
    public HubLink hubs() {
        return hubs;
    }

    /** The cameras' frames the hubs watch. */
    public VideoUplink video() {
        return video;
    }

    /**
     * Stops the heartbeat alone, at shutdown before the cameras close: hubs hear the site fall
     * silent and tell their viewers it is unreachable, rather than hearing it list its vehicles
     * without cameras. {@link #close} stops it too.
     */
    public void fallSilent() {
        presence.close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // the server closes it early at shutdown, and again as a part it started
        }
        // The heartbeat goes first, whatever follows: hubs must hear the site fall silent even if
        // letting go of their connections fails on a server already half shut down.
        presence.close();
        try {
            video.close();
            hubs.close();
        } finally {
            bus.close();
        }
    }
}
