package dev.teledrive.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spectators spread over the cars, each counting the telemetry ticks of its own car. */
final class Spectators implements Crowd {

    private static final class Watcher {
        volatile int ticks;
    }

    private final List<BenchSocket> sockets;
    private final List<Watcher> watchers = new ArrayList<>();

    /** Opens {@code count} connections; the i-th watches car {@code i % cars.size()}. */
    Spectators(BenchClient client, List<String> cars, int count) throws InterruptedException {
        sockets = client.openMany(count);
        for (int i = 0; i < sockets.size(); i++) {
            var w = new Watcher();
            watchers.add(w);
            BenchSocket s = sockets.get(i);
            String car = cars.get(i % cars.size());
            String ownSample = "{\"type\":\"telemetry\",\"vehicle\":\"" + car + "\"";
            s.onText(text -> {
                if (text.startsWith(ownSample)) { // the default car's samples, before the select, do not count
                    w.ticks++;
                }
            });
            s.send("{\"command\":\"release\"}");
            s.send("{\"command\":\"select\",\"vehicle\":\"" + car + "\"}");
        }
    }

    @Override
    public void awaitSettled(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (watchers.stream().anyMatch(w -> w.ticks == 0)) {
            if (System.nanoTime() > deadline) {
                long waiting = watchers.stream().filter(w -> w.ticks == 0).count();
                throw new IllegalStateException(waiting + " spectators had no telemetry of their car after " + limit);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void startCounting() {
        watchers.forEach(w -> w.ticks = 0);
    }

    /** {@code connected} and {@code ticks}, each spectator's count, fewest first. */
    @Override
    public Map<String, Object> stopCounting() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("connected", sockets.size());
        result.put("ticks", watchers.stream().mapToInt(w -> w.ticks).sorted().toArray());
        return result;
    }

    @Override
    public void close() {
        try {
            BenchClient.closeAll(sockets, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
