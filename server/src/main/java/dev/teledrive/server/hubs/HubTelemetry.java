package dev.teledrive.server.hubs;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.control.Outbox;
import dev.teledrive.server.telemetry.TelemetryFanout;
import dev.teledrive.server.telemetry.TelemetryHub;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Telemetry at a hub: while at least one of its clients has {@code VEHICLE@SITE} selected, the hub
 * listens to {@code td.site.SITE.telemetry.VEHICLE}, where the site sends each sample once; each
 * sample is rewritten for this hub once, and the version 2 fan-out takes it from there
 * ({@link TelemetryHub}: latest-wins, on a thread of its own, into each client's latest-wins slot).
 * A vehicle nobody here watches costs this hub nothing, and the site sends nothing for it.
 */
final class HubTelemetry implements TelemetryFanout, AutoCloseable {

    /** The largest sample taken from a site: a simulated arena with a few hundred cars in {@code others}. */
    static final int MAX_BYTES = 64 * 1024;

    private final HubMessages messages;
    private final Consumer<String> dropped;
    private final TelemetryHub fanout;
    private final Dispatcher samples;
    /** Who watches each vehicle, by its id at the hub; a vehicle is here only while someone does. */
    private final Map<String, Set<Outbox>> watchers = new ConcurrentHashMap<>();

    /**
     * @param dropped told why a message from the bus was dropped, to count it and log it quietly
     */
    HubTelemetry(Bus bus, Clock clock, HubMessages messages, Consumer<String> dropped) {
        this.messages = messages;
        this.dropped = dropped;
        this.fanout = new TelemetryHub(clock, this);
        this.samples = bus.listen(this::heard);
    }

    /**
     * A client's selection moved from {@code before} to {@code now} (either may be {@code null}).
     *
     * @param client the client's outbox, whose latest-wins slot takes each sample
     */
    synchronized void watch(Outbox client, RemoteId before, RemoteId now) {
        if (Objects.equals(before, now)) {
            return;
        }
        if (before != null) {
            Set<Outbox> set = watchers.get(before.toString());
            if (set != null && set.remove(client) && set.isEmpty()) {
                watchers.remove(before.toString());
                samples.unsubscribe(subject(before));
            }
        }
        if (now != null) {
            Set<Outbox> set = watchers.computeIfAbsent(now.toString(), id -> ConcurrentHashMap.newKeySet());
            if (set.isEmpty()) {
                samples.subscribe(subject(now));
            }
            set.add(client);
        }
    }

    @Override
    public boolean hasAudience(String vehicleId) {
        Set<Outbox> set = watchers.get(vehicleId);
        return set != null && !set.isEmpty();
    }

    @Override
    public void broadcast(String vehicleId, ByteBuffer telemetry) {
        Set<Outbox> set = watchers.get(vehicleId);
        if (set != null) {
            set.forEach(c -> c.offerTelemetry(telemetry));
        }
    }

    private void heard(Message m) {
        String site = Subjects.sender(m.getSubject());
        String vehicle = Subjects.telemetryVehicle(m.getSubject());
        if (site == null || vehicle == null) {
            return;
        }
        if (m.getData().length > MAX_BYTES) {
            dropped.accept("a sample of " + m.getData().length + " bytes from site '" + site + "'");
            return;
        }
        var id = new RemoteId(vehicle, site);
        ByteBuffer rewritten = messages.telemetry(id, m.getData());
        if (rewritten == null) {
            dropped.accept("an unreadable sample from site '" + site + "'");
            return;
        }
        fanout.offer(id.toString(), rewritten);
    }

    private static String subject(RemoteId vehicle) {
        return Subjects.telemetry(vehicle.site(), vehicle.local());
    }

    @Override
    public void close() {
        fanout.close();
    }
}
