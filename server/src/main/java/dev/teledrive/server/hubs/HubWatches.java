package dev.teledrive.server.hubs;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.bus.WatchLease;
import dev.teledrive.server.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cameras this hub watches at each site, said to each site as a {@link WatchLease} on
 * {@code td.hub.HUB.watch.SITE}: at once when the list changes (an empty list when the last viewer
 * left, so the site stops at once), and every {@link WatchLease#RENEW_MILLIS} while it is not empty.
 * A hub that dies says nothing more, and its leases lapse at the sites.
 */
final class HubWatches implements AutoCloseable {

    private final String hub;
    private final Bus bus;
    private final Map<String, Set<WatchLease.Watch>> bySite = new HashMap<>(); // guarded by this
    private final ScheduledExecutorService renew =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hub-watch-leases"));

    HubWatches(String hub, Bus bus) {
        this.hub = hub;
        this.bus = bus;
        renew.scheduleAtFixedRate(
                this::renewAll, WatchLease.RENEW_MILLIS, WatchLease.RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** This hub now watches {@code camera} (its id at the site) in {@code codec}. */
    void watch(String site, String camera, String codec) {
        WatchLease lease;
        synchronized (this) {
            if (!bySite.computeIfAbsent(site, s -> new LinkedHashSet<>()).add(new WatchLease.Watch(camera, codec))) {
                return;
            }
            lease = leaseOf(site);
        }
        send(site, lease);
    }

    /** This hub no longer watches {@code camera} in {@code codec}. */
    void unwatch(String site, String camera, String codec) {
        WatchLease lease;
        synchronized (this) {
            Set<WatchLease.Watch> watched = bySite.get(site);
            if (watched == null || !watched.remove(new WatchLease.Watch(camera, codec))) {
                return;
            }
            lease = leaseOf(site);
            if (watched.isEmpty()) {
                bySite.remove(site);
            }
        }
        send(site, lease);
    }

    private WatchLease leaseOf(String site) {
        return new WatchLease(List.copyOf(bySite.getOrDefault(site, Set.of())));
    }

    private void renewAll() {
        List<Map.Entry<String, WatchLease>> leases = new ArrayList<>();
        synchronized (this) {
            bySite.keySet().forEach(site -> leases.add(Map.entry(site, leaseOf(site))));
        }
        leases.forEach(e -> send(e.getKey(), e.getValue()));
    }

    private void send(String site, WatchLease lease) {
        bus.publish(Subjects.hubWatch(hub, site), lease.encode());
    }

    @Override
    public void close() {
        renew.shutdownNow();
    }
}
