package dev.teledrive.server.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.metrics.UplinkMetrics;
import dev.teledrive.server.security.QuietLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UplinkCountsTest {

    private final UplinkCounts counts = new UplinkCounts(
            new QuietLog(LoggerFactory.getLogger(UplinkCountsTest.class), Clock.systemUTC(), Duration.ofMinutes(1)));

    @Test
    void eachCameraIsCountedOnItsOwn() {
        counts.camera("front").onPublished();
        counts.camera("front").onPublished();
        counts.camera("rear").onDropped(3);
        counts.camera("rear").onTooLarge("td.site.home.video.rear.jpeg", 2_000_000, 1_048_576);
        assertSame(counts.camera("front"), counts.camera("front"));
        assertEquals(2, counts.camera("front").published());
        assertEquals(0, counts.camera("front").dropped());
        assertEquals(3, counts.camera("rear").dropped());
        assertEquals(1, counts.camera("rear").tooLarge());
        assertEquals(0, counts.camera("rear").published());
    }

    @Test
    void metricsTagEachCameraIncludingOnesWatchedAfterTheyWereBound() {
        counts.camera("front").onPublished();
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new UplinkMetrics(counts).bindTo(registry);
        counts.camera("rear").onDropped(2); // first watched after binding

        String text = registry.scrape();
        assertTrue(text.contains("teledrive_uplink_frames_total{camera=\"front\",outcome=\"published\"} 1.0"), text);
        assertTrue(text.contains("teledrive_uplink_frames_total{camera=\"rear\",outcome=\"dropped\"} 2.0"), text);
        assertTrue(text.contains("teledrive_uplink_frames_total{camera=\"rear\",outcome=\"too_large\"} 0.0"), text);
        assertEquals(
                6,
                text.lines()
                        .filter(l -> l.startsWith("teledrive_uplink_frames_total{"))
                        .count(),
                text);
    }
}
