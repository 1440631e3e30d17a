package dev.teledrive.server.hubs;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test: how old the site's camera frames are when a viewer gets them, directly
 * at the site and through a hub (one NATS hop more), at the same time on loopback. Run it by hand:
 * {@code ./mvnw -B -o -pl server -am verify -Dtest=HubFrameAgeProbe -Dteledrive.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NoSuchIT -Dfailsafe.failIfNoSpecifiedTests=false};
 * it prints the ages' percentiles (docs/performance.md). With {@code -Dteledrive.measure.nats=URL} it
 * uses that NATS server, such as one behind a throttled link in a network namespace, and
 * {@code -Dteledrive.measure.site=KEY=VALUE,...} sets the site's keys (a larger camera picture). With {@code -Dteledrive.measure.nats=URL} it
 * uses that NATS server, such as one behind a throttled link in a network namespace, and
 * {@code -Dteledrive.measure.site=KEY=VALUE,...} sets the site's keys (a larger camera picture).
 */
@EnabledIfSystemProperty(named = "teledrive.measure", matches = "true")
class HubFrameAgeProbe {

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void frameAgeDirectAndThroughAHub() throws Exception {
        String external = System.getProperty("teledrive.measure.nats");
        try (NatsServers nats = external == null
                ? NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of())
                : null) {
            String url = external == null ? nats.urls() : external;
            measure(url);
        }
    }

    private void measure(String url) throws Exception {
        try (TestServer site = TestServer.start(tmp.resolve("site"), c -> {
                    for (String pair :
                            System.getProperty("teledrive.measure.site", "").split(",")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            c.with(pair.substring(0, eq), pair.substring(eq + 1));
                        }
                    }
                    return c.with("site.name", "home").with("nats.url", url);
                });
                Teledrive hub = Teledrive.builder(new MapConfiguration(Map.of("port", "0", "nats.url", url)))
                        .hub()
                        .start()) {
            for (String codec : List.of("jpeg", "h264")) {
                URI atHub = URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "video");
                try (VideoClient direct = VideoClient.connect(site.video());
                        VideoClient through = awaitWatching(atHub, "simulator@home", codec)) {
                    direct.send("{\"command\":\"watch\",\"camera\":\"simulator\",\"codec\":\"" + codec + "\"}");
                    Thread.sleep(WARM_UP.toMillis());
                    direct.dropFrames();
                    through.dropFrames();
                    List<Double> d = new ArrayList<>();
                    List<Double> h = new ArrayList<>();
                    lighter = 0;
                    long end = System.nanoTime() + MEASURE.toNanos();
                    while (System.nanoTime() < end) {
                        drain(direct, d);
                        drain(through, h);
                        Thread.sleep(1);
                    }
                    System.out.printf(
                            "%s direct: %s%n%s via hub: %s, %d of them lighter copies%n",
                            codec, percentiles(d), codec, percentiles(h), lighter);
                }
            }
        }
    }

    private static int widest;
    private static int lighter;

    private static VideoClient awaitWatching(URI video, String camera, String codec) throws Exception {
        for (int i = 0; i < 30; i++) {
            VideoClient v = VideoClient.connect(video);
            v.send("{\"command\":\"watch\",\"camera\":\"" + camera + "\",\"codec\":\"" + codec + "\"}");
            Thread.sleep(1000);
            if (v.pendingFrames() > 0) {
                return v;
            }
            v.close();
        }
        throw new AssertionError("no frames at the hub");
    }

    /** Ages of the frames received so far, measured as they are taken (within a millisecond of arrival). */
    private static void drain(VideoClient v, List<Double> ages) throws InterruptedException {
        while (v.pendingFrames() > 0) {
            VideoClient.Frame f = v.frame();
            ages.add(System.currentTimeMillis() - f.header().path("t").asDouble());
            widest = Math.max(widest, f.header().path("width").asInt());
            if (f.header().path("width").asInt() < widest) {
                lighter++;
            }
        }
    }

    private static String percentiles(List<Double> ages) {
        if (ages.isEmpty()) {
            return "no frames";
        }
        Collections.sort(ages);
        return String.format(
                "%d frames, age p50 %.1f ms, p90 %.1f ms, p99 %.1f ms",
                ages.size(), at(ages, 0.5), at(ages, 0.9), at(ages, 0.99));
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
}
