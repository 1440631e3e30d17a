package dev.teledrive.server.sites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.control.FleetDesk;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.video.CameraStatus;
import dev.teledrive.server.video.Cameras;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's heartbeat: once a second, {@code td.site.NAME.alive} with its {@link SiteAnnouncement}.
 * Sent whether or not NATS is up at the moment (jnats buffers a little while it reconnects), on a
 * thread of its own, so a slow link never touches a vehicle or a connection.
 */
public final class SitePresence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SitePresence.class);
    /** How often a site speaks; a hub waits three of these before it calls the site unreachable. */
    public static final Duration PERIOD = Duration.ofSeconds(1);
    /** How long a stop waits for a beat being written (a publish only hands the bytes to jnats). */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(2);

    private final String site;
    private final Bus bus;
    private final VehicleRegistry vehicles;
    private final FleetDesk desk;
    private final Cameras cameras;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-presence"));

    private SitePresence(String site, Bus bus, VehicleRegistry vehicles, FleetDesk desk, Cameras cameras) {
        this.site = site;
        this.bus = bus;
        this.vehicles = vehicles;
        this.desk = desk;
        this.cameras = cameras;
    }

    /** Starts the heartbeat of site {@code site}: the first at once, then every {@link #PERIOD}. */
    public static SitePresence start(String site, Bus bus, VehicleRegistry vehicles, FleetDesk desk, Cameras cameras) {
        var presence = new SitePresence(site, bus, vehicles, desk, cameras);
        presence.thread.scheduleAtFixedRate(presence::announce, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return presence;
    }

    /** The site as it stands now. */
    SiteAnnouncement announcement() {
        return new SiteAnnouncement(
                site, vehicles.all().stream().map(this::vehicle).toList());
    }

    private SiteAnnouncement.Vehicle vehicle(VehicleRunner v) {
        var status = v.status();
        var seat = desk.seatReport(v.id());
        return new SiteAnnouncement.Vehicle(
                v.id(),
                status.name(),
                status.connected(),
                status.state().name().toLowerCase(Locale.ROOT),
                seat.driven(),
                seat.queue(),
                cameras.statusesOf(v.id()).stream().map(CameraStatus::id).toList(),
                status.plugin(),
                status.reason(),
                v.vocabulary().commands().stream().map(c -> c.name()).toList(),
                seat.viewers(),
                seat.paused());
    }

    private void announce() {
        try {
            bus.publish(Subjects.siteAlive(site), json.writeValueAsBytes(announcement()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("site '{}' could not announce itself: {}", site, e.toString()); // the next beat tries again
        }
    }

    /**
     * Stops the heartbeat; a beat being written is let finish first, so none goes out once this
     * returns: the server then closes its cameras, and a beat written meanwhile would list the
     * vehicles without them, and hubs would tell their viewers the cameras are gone rather than
     * that the site is unreachable.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                LOG.warn("site '{}' could not finish its last heartbeat within {}", site, WRITE_WAIT);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
