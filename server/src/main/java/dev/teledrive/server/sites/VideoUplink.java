package dev.teledrive.server.sites;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.bus.WatchLease;
import dev.teledrive.server.security.QuietLog;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.video.CameraHub;
import dev.teledrive.server.video.Cameras;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's video for its hubs, interest-based: a camera's frames of a codec cross NATS only while
 * some hub's {@link WatchLease} names them, once per frame however many hubs and viewers watch. Each
 * such stream is an {@link UplinkViewer} of the camera, so the camera runs (and the H.264 encoder
 * with it) exactly while a local viewer or a hub watches, and stops when the last lease lapses.
 *
 * <p>Leases arrive on a NATS thread and are applied on a thread of this class's own, which also
 * drops lapsed leases every second; a second thread lets held frames go as the bus drains.
 */
public final class VideoUplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoUplink.class);

    private record Stream(CameraHub camera, UplinkViewer viewer) {}

    private final String site;
    private final Bus bus;
    private final Cameras cameras;
    private final WatchLeases leases;
    private final UplinkCounts counts;
    private final QuietLog quiet;
    private final AtomicLong refused = new AtomicLong();
    private final Map<WatchLease.Watch, Stream> streams = new HashMap<>(); // on the video thread only
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-video"));
    private final ScheduledExecutorService drain =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-video-drain"));
    private final Dispatcher subscription;

    private VideoUplink(String site, Bus bus, Cameras cameras, Clock clock, LongSupplier nanos) {
        this.site = site;
        this.bus = bus;
        this.cameras = cameras;
        this.leases = new WatchLeases(nanos);
        this.quiet = new QuietLog(LOG, clock, Duration.ofMinutes(1));
        this.counts = new UplinkCounts(quiet);
        this.subscription = bus.subscribe(Subjects.anyHubWatch(site), this::leased);
    }

    /** Starts hearing the hubs' leases for site {@code site}'s cameras. */
    public static VideoUplink start(String site, Bus bus, Cameras cameras, Clock clock, LongSupplier nanos) {
        var uplink = new VideoUplink(site, bus, cameras, clock, nanos);
        uplink.thread.scheduleAtFixedRate(uplink::reconcile, 1, 1, TimeUnit.SECONDS);
        return uplink;
    }

    /** What became of the frames the hubs watch. */
    public UplinkCounts counts() {
        return counts;
    }

    /** Leases dropped as too large or malformed. */
    public long refused() {
        return refused.get();
    }

    private void leased(Message m) {
        String hub = Subjects.sender(m.getSubject());
        if (hub == null) {
            return; // not of our scheme: NATS permissions let only hubs publish here
        }
        try {
            leases.heard(hub, WatchLease.decode(m.getData()));
        } catch (BusMessageException e) {
            quiet.warn("dropped from hub '{}': {} ({} dropped so far)", hub, e.getMessage(), refused.incrementAndGet());
            return;
        }
        later(this::reconcile);
    }

    /** Publishes what some hub watches, and nothing else. On the video thread. */
    private void reconcile() {
        Set<WatchLease.Watch> wanted = leases.wanted();
        streams.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().camera().leave(e.getValue().viewer());
            LOG.info(
                    "site '{}': no hub watches camera '{}' in {} now",
                    site,
                    e.getKey().camera(),
                    e.getKey().codec());
            return true;
        });
        for (WatchLease.Watch w : wanted) {
            if (streams.containsKey(w)) {
                continue;
            }
            Optional<CameraHub> camera = cameras.find(w.camera());
            if (camera.isEmpty()) {
                continue; // a camera this site no longer has: the hubs see it gone from the heartbeat
            }
            VideoCodec codec = "h264".equals(w.codec()) ? VideoCodec.H264 : VideoCodec.JPEG;
            var viewer = new UplinkViewer(
                    codec,
                    Subjects.video(site, w.camera(), w.codec()),
                    bus,
                    counts.camera(w.camera()),
                    drain,
                    () -> later(() -> ended(w)));
            streams.put(w, new Stream(camera.get(), viewer));
            camera.get().watch(viewer);
            LOG.info("site '{}': a hub watches camera '{}' in {}", site, w.camera(), w.codec());
        }
    }

    /** The camera of a stream went away (its plugin was unloaded); a camera that comes back is watched anew. */
    private void ended(WatchLease.Watch w) {
        Stream s = streams.get(w);
        if (s != null && cameras.find(w.camera()).orElse(null) != s.camera()) {
            streams.remove(w);
        }
    }

    private void later(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("the site's video is closing: dropped a task");
        }
    }

    @Override
    public void close() {
        bus.unsubscribe(subscription);
        try {
            thread.submit(() -> {
                        streams.values().forEach(s -> s.camera().leave(s.viewer()));
                        streams.clear();
                    })
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("the site's video streams did not end cleanly: {}", e.toString());
        }
        thread.shutdownNow();
        drain.shutdownNow();
    }
}
