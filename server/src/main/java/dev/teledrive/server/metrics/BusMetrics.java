package dev.teledrive.server.metrics;

import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusTraffic;
import dev.teledrive.server.bus.SubjectClass;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A site's or a hub's link to NATS in {@code /metrics}: whether it is up, its round trip, the
 * traffic by subject class and direction, the peers heard, what was dropped and how often the link
 * was made again. Everything is read from the link when Prometheus scrapes; nothing here touches
 * the network. Every meter reads through this record, which {@link Metrics#bind} keeps: Micrometer
 * holds a meter's source only weakly, and a lambda held by nothing else would go and read NaN.
 *
 * @param bus     the link
 * @param peers   what the peers are called: {@code sites} at a hub, {@code hubs} at a site
 * @param heard   how many peers were heard within 3 s
 * @param dropped bus messages dropped as oversized or malformed
 */
public record BusMetrics(Bus bus, String peers, IntSupplier heard, LongSupplier dropped) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("teledrive.bus.connected", this, m -> m.bus().connected() ? 1 : 0)
                .description("1 while the link to NATS is up")
                .register(registry);
        Gauge.builder(
                        "teledrive.bus.round.trip",
                        bus,
                        b -> b.roundTrip().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .description("the last round trip to the NATS server, sampled every few seconds; NaN while away")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("teledrive." + peers + ".connected", this, m -> m.heard().getAsInt())
                .description("the " + peers + " heard on NATS within the last 3 s")
                .register(registry);
        FunctionCounter.builder("teledrive.bus.dropped", this, m -> m.dropped().getAsLong())
                .description("bus messages dropped as oversized or malformed (see the log, at most a line a minute)")
                .register(registry);
        FunctionCounter.builder("teledrive.bus.reconnects", this, m -> m.bus().reconnects())
                .description("times the link to NATS was lost and made again")
                .register(registry);
        FunctionCounter.builder("teledrive.bus.refusals", this, m -> m.bus().refusals())
                .description("things the NATS server refused, such as a permission violation")
                .register(registry);
        BusTraffic traffic = bus.traffic();
        for (BusTraffic.Direction direction : BusTraffic.Direction.values()) {
            String way = direction.name().toLowerCase(Locale.ROOT);
            for (SubjectClass subjects : SubjectClass.values()) {
                FunctionCounter.builder("teledrive.bus.messages", this, m -> traffic.messages(direction, subjects))
                        .description("messages to (out) and from (in) NATS, by what their subject carries")
                        .tags("direction", way, "class", subjects.tag())
                        .register(registry);
                FunctionCounter.builder("teledrive.bus.payload", this, m -> traffic.bytes(direction, subjects))
                        .description("payload bytes to (out) and from (in) NATS, by what their subject carries")
                        .baseUnit(BaseUnits.BYTES)
                        .tags("direction", way, "class", subjects.tag())
                        .register(registry);
            }
        }
    }
}
