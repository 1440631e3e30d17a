package dev.teledrive.server.metrics;

import dev.teledrive.server.sites.UplinkCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * A site's video for its hubs in {@code /metrics}: the frames its uplink published, dropped for a
 * slow uplink or an absent NATS (latest wins at the bus edge), and dropped as over NATS's
 * {@code max_payload}, as one counter tagged by camera and outcome, so a rate of dropped over all
 * reads at once and a camera that is too large or too busy for the uplink stands out. A camera's
 * series appear when a hub first watches it; only the site's own cameras are ever watched, so the
 * tag's values are few. Read from {@link UplinkCounts} at each scrape; kept by {@link Metrics#bind},
 * as Micrometer holds a meter's source only weakly.
 *
 * @param counts what the site's {@code VideoUplink} did with its frames
 */
public record UplinkMetrics(UplinkCounts counts) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.eachCamera(camera -> {
            frames(registry, camera, "published", UplinkCounts.Camera::published);
            frames(registry, camera, "dropped", UplinkCounts.Camera::dropped);
            frames(registry, camera, "too_large", UplinkCounts.Camera::tooLarge);
        });
    }

    private static void frames(
            MeterRegistry registry,
            UplinkCounts.Camera camera,
            String outcome,
            ToDoubleFunction<UplinkCounts.Camera> read) {
        FunctionCounter.builder("teledrive.uplink.frames", camera, read)
                .description("camera frames the hubs watch: published once for all hubs, dropped for a slow"
                        + " uplink (a newer frame won) or while NATS is away, too_large for NATS's max_payload")
                .tag("camera", camera.name())
                .tag("outcome", outcome)
                .register(registry);
    }
}
