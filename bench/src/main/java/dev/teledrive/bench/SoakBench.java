package dev.teledrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connect, drive, disconnect, again and again: afterwards the server should hold no connection,
 * no extra thread and no extra heap. Reads Teledrive's {@code /api/status} before and after.
 */
final class SoakBench {

    private static final int WARM_UP_CYCLES = 3;
    private static final int COMMANDS_PER_CYCLE = 20;

    private final BenchClient client;
    private final ServerStatus status;

    SoakBench(BenchClient client) {
        this.client = client;
        this.status = new ServerStatus(client.url(), client.token());
    }

    Map<String, Object> run(int cycles, int perCycle) throws Exception {
        // Warm up first: the server's thread pool grows to its working size, which is not a leak.
        for (int c = 0; c < WARM_UP_CYCLES; c++) {
            cycle(perCycle);
        }
        Optional<JsonNode> before = settled();
        long start = System.nanoTime();
        long commands = 0;
        for (int c = 0; c < cycles; c++) {
            commands += cycle(perCycle);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Optional<JsonNode> after = settled();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cycles", cycles);
        result.put("connections_per_cycle", perCycle);
        result.put("connections_per_s", Math.round(cycles * perCycle / seconds));
        result.put("commands", commands);
        if (before.isPresent() && after.isPresent()) {
            JsonNode b = before.get().path("runtime");
            JsonNode a = after.get().path("runtime");
            result.put("threads_before", b.path("threads").asInt());
            result.put("threads_after", a.path("threads").asInt());
            result.put(
                    "heap_after_gc_mb_before", mb(b.path("heapAfterLastGcBytes").asLong()));
            result.put(
                    "heap_after_gc_mb_after", mb(a.path("heapAfterLastGcBytes").asLong()));
            result.put("connections_after", after.get().path("connections").asInt());
        } else {
            result.put("server_status", "not available (not Teledrive?)");
        }
        return result;
    }

    /** Opens a driver and spectators, drives a little, closes them all; returns the commands sent. */
    private int cycle(int perCycle) throws Exception {
        BenchSocket driver = client.openDriver();
        List<BenchSocket> watchers = client.openMany(perCycle - 1);
        for (int i = 0; i < COMMANDS_PER_CYCLE; i++) {
            Replies.await(driver, Commands.drive(i), Long.toString(i));
        }
        for (BenchSocket w : watchers) {
            w.send("{\"command\":\"ping\",\"id\":1}");
        }
        watchers.add(driver);
        BenchClient.closeAll(watchers, Duration.ofSeconds(10));
        return COMMANDS_PER_CYCLE;
    }

    /** The status once the server has let every closed connection go, or after 10 s. */
    private Optional<JsonNode> settled() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<JsonNode> s = status.read();
        while (s.isPresent() && s.get().path("connections").asInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = status.read();
        }
        return s;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 104857.6) / 10.0;
    }
}
