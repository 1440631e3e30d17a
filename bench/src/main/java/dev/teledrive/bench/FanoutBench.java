package dev.teledrive.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Recorder;

/**
 * Spectators count the telemetry they receive while one driver runs {@link RttBench}: does every
 * watcher keep up, and does the crowd slow the driver down?
 */
final class FanoutBench {

    private final BenchClient client;

    FanoutBench(BenchClient client) {
        this.client = client;
    }

    /** What one spectator saw; written only by its connection's reader. */
    private static final class Watcher {
        volatile int ticks;
        long last;
    }

    Map<String, Object> run(int clients, Duration duration, int hz) throws Exception {
        List<BenchSocket> sockets = client.openMany(clients);
        var gaps = new Recorder(3);
        List<Watcher> watchers = new ArrayList<>(sockets.size());
        for (BenchSocket s : sockets) {
            var w = new Watcher();
            watchers.add(w);
            s.onText(text -> {
                if (!text.startsWith("{\"type\":\"telemetry\"") && !text.contains("\"telemetry\"")) {
                    return;
                }
                long now = System.nanoTime();
                if (w.last != 0) {
                    gaps.recordValue(Math.min(now - w.last, 60_000_000_000L));
                }
                w.last = now;
                w.ticks++;
            });
        }
        // Where the first connection takes the free seat by itself, a spectator would hold it.
        sockets.forEach(s -> s.send("{\"command\":\"release\"}"));
        BenchSocket driver = client.openDriver();
        Thread.sleep(1000); // every watcher has seen a tick before counting starts
        watchers.forEach(w -> w.ticks = 0);
        gaps.reset();
        Map<String, Object> driving = RttBench.run(driver, Long.MAX_VALUE, duration);
        int[] ticks = watchers.stream().mapToInt(w -> w.ticks).toArray();
        var gapHistogram = gaps.getIntervalHistogram();
        driver.close();
        BenchClient.closeAll(sockets, Duration.ofSeconds(10));

        double seconds = duration.toNanos() / 1e9;
        double expected = seconds * hz;
        Arrays.sort(ticks);
        long total = Arrays.stream(ticks).asLongStream().sum();
        long good = Arrays.stream(ticks).filter(t -> t >= 0.9 * expected).count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", clients);
        result.put("connected", sockets.size());
        result.put("failed", clients - sockets.size());
        result.put("expected_ticks", Math.round(expected));
        result.put("telemetry_per_s", Math.round(total / seconds));
        result.put("share_ge_90pct", ticks.length == 0 ? 0 : Math.round(10000.0 * good / ticks.length) / 10000.0);
        result.put("ticks_min", ticks.length == 0 ? 0 : ticks[0]);
        result.put("ticks_median", ticks.length == 0 ? 0 : ticks[ticks.length / 2]);
        result.put("gap_p99_ms", gapHistogram.getValueAtPercentile(99) / 1e6);
        result.put("driver_n", driving.get("n"));
        result.put("driver_p50_us", driving.get("p50_us"));
        result.put("driver_p99_us", driving.get("p99_us"));
        return result;
    }
}
