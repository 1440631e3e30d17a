package dev.teledrive.server.hubs;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.video.Cameras;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sites' cameras among the hub's {@link Cameras}, as {@code CAMERA@SITE}: each a camera like a
 * plugin's, so {@code /video} and the {@code .mjpg} URLs serve them with the same fan-out, latest-wins
 * slots and slow-link handling. Kept in step with the {@link SiteDirectory}: a camera appears when its
 * site lists it, its viewers hear that the site is unreachable when it falls silent (and get frames
 * again when it is back), and it is gone, its viewers let go, when the site is forgotten or drops it.
 *
 * <p>Every change runs on a thread of this class's own, after each new heartbeat and every second.
 */
final class RemoteCameras implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCameras.class);

    /** A camera id at its site, as {@code dev.teledrive.api.CameraSpec} allows it. */
    private static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private record Remote(String site, String camera, String vehicle) {}

    private final Bus bus;
    private final HubWatches watches;
    private final SiteDirectory directory;
    private final Cameras cameras;
    private final BadMessages bad;
    /** The cameras this class added, by id at the hub; on the thread only. */
    private final Map<String, Remote> added = new HashMap<>();

    private final Set<String> unreachable = new HashSet<>();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hub-cameras"));

    RemoteCameras(Bus bus, HubWatches watches, SiteDirectory directory, Cameras cameras, Clock clock) {
        this.bus = bus;
        this.watches = watches;
        this.directory = directory;
        this.cameras = cameras;
        this.bad = new BadMessages(LOG, clock);
        thread.scheduleAtFixedRate(this::sync, 1, 1, TimeUnit.SECONDS);
    }

    /** A site came, came back or changed: its cameras follow at once. */
    void sitesChanged() {
        try {
            thread.execute(this::sync);
        } catch (RejectedExecutionException e) {
            LOG.debug("the hub is closing: its cameras stay as they are");
        }
    }

    /** Frames dropped as malformed. */
    long dropped() {
        return bad.count();
    }

    private void sync() {
        Map<String, Remote> listed = new HashMap<>();
        Set<String> silent = new HashSet<>();
        for (SiteDirectory.Listed l : directory.vehicles()) {
            String site = l.id().site();
            if (!l.reachable()) {
                silent.add(site);
            }
            for (String camera : l.vehicle().cameras()) {
                if (camera == null || !CAMERA_ID.matcher(camera).matches()) {
                    continue; // not a camera id: it could not be a subject token or a URL's part
                }
                listed.put(new RemoteId(camera, site).toString(), new Remote(site, camera, l.id().toString()));
            }
        }
        added.entrySet().removeIf(e -> {
            if (listed.containsKey(e.getKey())) {
                return false;
            }
            cameras.remove(
                    e.getKey(),
                    "camera '" + e.getKey() + "' is gone: its site '"
                            + e.getValue().site() + "' no longer offers it, or was silent for hub.forgetSeconds");
            return true;
        });
        listed.forEach((id, r) -> {
            if (!added.containsKey(id)
                    && cameras.add(
                            id,
                            r.vehicle(),
                            "site " + r.site(),
                            context -> new RemoteCamera(r.site(), r.camera(), bus, watches, context, bad))) {
                added.put(id, r);
            }
        });
        for (String site : silent) {
            if (unreachable.add(site)) {
                interrupt(site);
            }
        }
        unreachable.retainAll(silent);
    }

    /** A site fell silent: its cameras' viewers hear why, and stay for when it comes back. */
    private void interrupt(String site) {
        added.forEach((id, r) -> {
            if (r.site().equals(site)) {
                cameras.find(id)
                        .ifPresent(h -> h.interrupted("site '" + site + "' is unreachable: camera '" + id
                                + "' shows again when the site is back"));
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
