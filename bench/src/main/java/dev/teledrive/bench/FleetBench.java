package dev.teledrive.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many cars at one URL: every car has its own driver and a crowd of spectators spread over the
 * cars. Each driver drives as the page does, a command at a steady rate ({@link #DRIVER_HZ}, three
 * times the page's repeat), one in flight, rather than as fast as it can: twenty drivers flat out
 * would measure only how two cores share out, not what a driver feels. Measures each driver's round
 * trip against a lone driver's at the same rate in the same run, whether every spectator gets its
 * car's telemetry, and how long a hand-over takes from one driver letting go to the next driver's
 * first acknowledged command. Needs a server with the cars, such as
 * {@code simulator.cars=c1,...,c20} (what this mode starts when it starts the server itself).
 */
final class FleetBench {

    /** Commands a second each driver sends: the page repeats a held command ten times a second. */
    static final int DRIVER_HZ = 30;

    private final BenchClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-fleet-pace");
        t.setDaemon(true);
        return t;
    });

    FleetBench(BenchClient client) {
        this.client = client;
    }

    /** One driver as the page drives: a command every 1/hz s, the next only once the last is answered. */
    private Map<String, Object> paced(BenchSocket driver, Duration duration) throws Exception {
        var latency = new Latency();
        AtomicLong next = new AtomicLong();
        AtomicLong sentAt = new AtomicLong();
        AtomicBoolean inFlight = new AtomicBoolean();
        AtomicLong skipped = new AtomicLong();
        driver.onText(text -> {
            Replies.Reply r = Replies.parse(text);
            if (r != null && Long.toString(next.get()).equals(r.id()) && inFlight.get()) {
                latency.recordNanos(System.nanoTime() - sentAt.get());
                inFlight.set(false);
            }
        });
        ScheduledFuture<?> ticks = timer.scheduleAtFixedRate(
                () -> {
                    if (!inFlight.compareAndSet(false, true)) {
                        skipped.incrementAndGet(); // the last one is still unanswered
                        return;
                    }
                    long id = next.incrementAndGet();
                    sentAt.set(System.nanoTime());
                    driver.send(Commands.drive(id));
                },
                0,
                1_000_000 / DRIVER_HZ,
                TimeUnit.MICROSECONDS);
        Thread.sleep(duration.toMillis());
        ticks.cancel(false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("n", latency.count());
        result.put("late_ticks", skipped.get());
        latency.putInto(result, "");
        return result;
    }

    /** The simulator's ids for {@code n} cars named c1 ... cn. */
    static List<String> cars(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("simulator-c" + i);
        }
        return ids;
    }

    /** The setting that makes those cars. */
    static String carsSetting(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("c" + i);
        }
        return "simulator.cars=" + String.join(",", names);
    }

    private static final class Watcher {
        volatile int ticks;
    }

    /** Waits until every spectator has had telemetry of its own car, which also means the crowd has settled. */
    private static void awaitEveryone(List<Watcher> watchers, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (watchers.stream().anyMatch(w -> w.ticks == 0)) {
            if (System.nanoTime() > deadline) {
                long waiting = watchers.stream().filter(w -> w.ticks == 0).count();
                throw new IllegalStateException(waiting + " spectators had no telemetry of their car after " + limit);
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // the crowd's own states and first samples drain before the drivers start
    }

    Map<String, Object> run(int carCount, int spectators, Duration duration, int hz, int handovers) throws Exception {
        List<String> cars = cars(carCount);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cars", carCount);
        result.put("driver_hz", DRIVER_HZ);

        // A lone driver on the first car, nobody else connected: the figure the fleet is held to.
        BenchSocket lone = driverOf(cars.get(0));
        Map<String, Object> alone = paced(lone, duration);
        lone.close();
        lone.closed().get(5, TimeUnit.SECONDS);
        result.put("single_driver_p50_us", alone.get("p50_us"));
        result.put("single_driver_p99_us", alone.get("p99_us"));

        List<BenchSocket> crowd = client.openMany(spectators);
        List<Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < crowd.size(); i++) {
            var w = new Watcher();
            watchers.add(w);
            BenchSocket s = crowd.get(i);
            String car = cars.get(i % carCount);
            String ownSample = "{\"type\":\"telemetry\",\"vehicle\":\"" + car + "\"";
            s.onText(text -> {
                if (text.startsWith(ownSample)) { // the default car's samples, before the select, do not count
                    w.ticks++;
                }
            });
            s.send("{\"command\":\"release\"}");
            s.send("{\"command\":\"select\",\"vehicle\":\"" + car + "\"}");
        }
        List<BenchSocket> drivers = new ArrayList<>();
        for (String car : cars) {
            drivers.add(driverOf(car));
        }
        awaitEveryone(watchers, Duration.ofSeconds(60)); // every spectator sees its car before counting starts
        watchers.forEach(w -> w.ticks = 0);
        List<CompletableFuture<Map<String, Object>>> runs = new ArrayList<>();
        for (BenchSocket d : drivers) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return paced(d, duration);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Long> p99List = new ArrayList<>();
        List<Long> p50List = new ArrayList<>();
        for (CompletableFuture<Map<String, Object>> run : runs) {
            Map<String, Object> r = run.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
            if (r.get("p99_us") instanceof Number p99 && r.get("p50_us") instanceof Number p50) {
                p99List.add(p99.longValue()); // a driver with no command past its warm-up has none
                p50List.add(p50.longValue());
            }
        }
        long[] p99s = p99List.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] p50s = p50List.stream().mapToLong(Long::longValue).sorted().toArray();
        int[] ticks = watchers.stream().mapToInt(w -> w.ticks).sorted().toArray();
        drivers.forEach(BenchSocket::close);
        BenchClient.closeAll(crowd, Duration.ofSeconds(10));

        double expected = duration.toNanos() / 1e9 * hz;
        long good = Arrays.stream(ticks).filter(t -> t >= 0.9 * expected).count();
        result.put("spectators", spectators);
        result.put("connected", crowd.size());
        result.put("drivers_measured", p99s.length);
        result.put("drivers_p50_us_median", p50s.length == 0 ? null : p50s[p50s.length / 2]);
        result.put("drivers_p99_us_median", p99s.length == 0 ? null : p99s[p99s.length / 2]);
        result.put("drivers_p99_us_worst", p99s.length == 0 ? null : p99s[p99s.length - 1]);
        Object single = alone.get("p99_us");
        if (single instanceof Number n && n.doubleValue() > 0 && p99s.length > 0) {
            result.put("worst_p99_ratio", Math.round(100.0 * p99s[p99s.length - 1] / n.doubleValue()) / 100.0);
        }
        result.put("expected_ticks", Math.round(expected));
        result.put("spectator_ticks_min", ticks.length == 0 ? 0 : ticks[0]);
        result.put("share_ge_90pct", ticks.length == 0 ? 0 : Math.round(10000.0 * good / ticks.length) / 10000.0);
        result.putAll(handovers(cars.get(0), handovers));
        timer.shutdownNow();
        return result;
    }

    /**
     * One driver lets go while another waits, again and again: from the release leaving the first
     * to the ack of the second's first command once its state says it drives.
     */
    private Map<String, Object> handovers(String car, int count) throws Exception {
        BenchSocket a = driverOf(car);
        BenchSocket b = client.open();
        Replies.request(b, "{\"command\":\"select\",\"vehicle\":\"" + car + "\",\"id\":\"__select\"}", "__select");
        var latency = new Latency();
        BenchSocket driving = a;
        BenchSocket waiting = b;
        for (int i = 0; i < count; i++) {
            Replies.request(waiting, "{\"command\":\"claim\",\"id\":\"q" + i + "\"}", "q" + i);
            var acked = new CompletableFuture<Long>();
            BenchSocket next = waiting;
            String id = "h" + i;
            next.onText(text -> {
                if (text.startsWith("{\"type\":\"state\"") && text.contains("\"role\":\"driver\"")) {
                    next.send("{\"command\":\"up\",\"duration\":0.1,\"id\":\"" + id + "\"}");
                } else if (text.contains("\"id\":\"" + id + "\"") && text.contains("\"type\":\"ack\"")) {
                    acked.complete(System.nanoTime());
                }
            });
            long released = System.nanoTime();
            driving.send("{\"command\":\"release\"}");
            latency.recordNanos(acked.get(10, TimeUnit.SECONDS) - released);
            next.onText(text -> {});
            waiting = driving;
            driving = next;
        }
        a.close();
        b.close();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("handovers", latency.count());
        latency.putInto(result, "handover_");
        return result;
    }

    /** A connection that watches and drives this car. */
    private BenchSocket driverOf(String car) throws Exception {
        BenchSocket s = client.open();
        String selected = Replies.request(
                s, "{\"command\":\"select\",\"vehicle\":\"" + car + "\",\"id\":\"__select\"}", "__select");
        if (!Replies.parse(selected).ack()) {
            throw new IllegalStateException("cannot select " + car + ": " + selected);
        }
        String claimed = Replies.request(s, "{\"command\":\"claim\",\"id\":\"__claim\"}", "__claim");
        if (!Replies.parse(claimed).ack()) {
            throw new IllegalStateException("cannot drive " + car + ": " + claimed);
        }
        return s;
    }
}
