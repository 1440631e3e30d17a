package dev.teledrive.server.sites;

import dev.teledrive.server.bus.WatchLease;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the hubs watch at this site, from their leases ({@link WatchLease}): each hub's last lease
 * replaces its one before, and holds for {@link WatchLease#LAPSE_MILLIS}. Time is the monotonic
 * clock given, read only when asked, so the rules are tested by moving a manual clock.
 */
final class WatchLeases {

    private record Held(Set<WatchLease.Watch> watch, long at) {}

    private final LongSupplier nanos;
    private final Map<String, Held> byHub = new HashMap<>(); // guarded by this

    /** @param nanos the monotonic clock, in nanoseconds */
    WatchLeases(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Hub {@code hub}'s lease, which replaces its last one; an empty one ends it. */
    synchronized void heard(String hub, WatchLease lease) {
        if (lease.watch().isEmpty()) {
            byHub.remove(hub);
        } else {
            byHub.put(hub, new Held(Set.copyOf(lease.watch()), nanos.getAsLong()));
        }
    }

    /** Every camera and codec some hub's fresh lease names; lapsed leases are dropped here. */
    synchronized Set<WatchLease.Watch> wanted() {
        long now = nanos.getAsLong();
        long lapse = TimeUnit.MILLISECONDS.toNanos(WatchLease.LAPSE_MILLIS);
        byHub.values().removeIf(h -> now - h.at() >= lapse);
        Set<WatchLease.Watch> all = new HashSet<>();
        byHub.values().forEach(h -> all.addAll(h.watch()));
        return all;
    }

    /** Hubs with a lease now, fresh or not yet dropped. */
    synchronized int hubs() {
        return byHub.size();
    }
}
