package dev.teledrive.server.sites;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.telemetry.TelemetryFanout;
import java.nio.ByteBuffer;

/**
 * A site's telemetry for its hubs: each sample of a vehicle that someone watches through a hub goes
 * out once on {@code td.site.SITE.telemetry.VEHICLE}, however many watch it through however many
 * hubs; NATS hands it to each hub that listens and each hub fans it out to its own clients. The
 * protocol core decides when: only while a connection through a hub watches the vehicle.
 */
final class SiteTelemetry implements TelemetryFanout.Relayed {

    private final String site;
    private final Bus bus;

    SiteTelemetry(String site, Bus bus) {
        this.site = site;
        this.bus = bus;
    }

    @Override
    public void sample(String vehicleId, ByteBuffer telemetry) {
        ByteBuffer view = telemetry.slice(); // the bytes are shared with local clients' outboxes
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        bus.publish(Subjects.telemetry(site, vehicleId), bytes);
    }
}
