package dev.teledrive.server.metrics;

import dev.teledrive.server.sites.UplinkCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * A site's video for its hubs in {@code /metrics}: the frames its uplink published, dropped for a
 * slow uplink or an absent NATS (latest wins at the bus edge), and dropped as over NATS's
 * {@code max_payload}, as one counter tagged by outcome so a rate of dropped over all reads at once.
 * Read from {@link UplinkCounts} at each scrape; kept by {@link Metrics#bind}, as Micrometer holds a
 * meter's source only weakly.
 *
 * @param counts what the site's {@code VideoUplink} did with its frames
 */
public record UplinkMetrics(UplinkCounts counts) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        frames(registry, "published", UplinkCounts::published);
        frames(registry, "dropped", UplinkCounts::dropped);
        frames(registry, "too_large", UplinkCounts::tooLarge);
    }

    private void frames(MeterRegistry registry, String outcome, ToDoubleFunction<UplinkCounts> read) {
        FunctionCounter.builder("teledrive.uplink.frames", counts, read)
                .description("camera frames the hubs watch: published once for all hubs, dropped for a slow"
                        + " uplink (a newer frame won) or while NATS is away, too_large for NATS's max_payload")
                .tag("outcome", outcome)
                .register(registry);
    }
}
