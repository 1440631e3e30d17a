package dev.teledrive.server.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.server.bus.WatchLease;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchLeasesTest {

    private static final WatchLease.Watch FRONT_JPEG = new WatchLease.Watch("front", "jpeg");
    private static final WatchLease.Watch FRONT_H264 = new WatchLease.Watch("front", "h264");
    private static final WatchLease.Watch REAR_JPEG = new WatchLease.Watch("rear", "jpeg");

    private long nanos;
    private final WatchLeases leases = new WatchLeases(() -> nanos);

    private void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void whatAnyHubWatchesIsWantedUntilItsLeaseLapsesUnrenewed() {
        leases.heard("a", new WatchLease(List.of(FRONT_JPEG)));
        leases.heard("b", new WatchLease(List.of(FRONT_JPEG, REAR_JPEG)));
        assertEquals(Set.of(FRONT_JPEG, REAR_JPEG), leases.wanted());

        advanceMillis(2_000);
        leases.heard("a", new WatchLease(List.of(FRONT_JPEG))); // renewed; b is not
        advanceMillis(999);
        assertEquals(Set.of(FRONT_JPEG, REAR_JPEG), leases.wanted(), "b's lease holds for 3 s");
        advanceMillis(1);
        assertEquals(Set.of(FRONT_JPEG), leases.wanted(), "b died: its lease lapsed");
        assertEquals(1, leases.hubs());
    }

    @Test
    void aHubsNewLeaseReplacesItsLastAndAnEmptyOneEndsItAtOnce() {
        leases.heard("a", new WatchLease(List.of(FRONT_JPEG, FRONT_H264)));
        leases.heard("a", new WatchLease(List.of(FRONT_H264)));
        assertEquals(Set.of(FRONT_H264), leases.wanted());
        leases.heard("a", new WatchLease(List.of()));
        assertEquals(Set.of(), leases.wanted(), "its last viewer left: nothing waits for the lapse");
    }
}
