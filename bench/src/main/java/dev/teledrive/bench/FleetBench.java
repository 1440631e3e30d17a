package dev.teledrive.bench;

import java.net.URI;
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
 * first acknowledged command. The spectators run in a JVM of their own ({@link CrowdProcess}), as
 * they would sit at machines of their own. Needs a server with the cars, such as
 * {@code simulator.cars=c1,...,c20} (what this mode starts when it starts the server itself).
 */
final class FleetBench {

    /** Commands a second each driver sends: the page repeats a held command ten times a second. */
    static final int DRIVER_HZ = 30;

    /** A driver's first seconds, not measured: the client compiles its hot path and collects its start-up. */
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    /** From the drivers' claims to counting: their states reach every spectator first. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private final BenchClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-fleet-pace");
        t.setDaemon(true);
        return t;
    });

    private final List<URI> crowdUrls;

    /** @param crowdUrls where the spectators connect, spread evenly (the hubs of a site); empty: the client's URL */
    FleetBench(BenchClient client, List<URI> crowdUrls) {
        this.client = client;
        this.crowdUrls = crowdUrls.isEmpty() ? List.of(client.url()) : List.copyOf(crowdUrls);
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

    /**
     * Marks on stderr where a phase begins, so a script watching the servers can tell the crowd's
     * arrival from the steady seconds that follow (dist/src/bench/sites.sh reads each site's CPU there).
     */
    private static void phase(String name) {
        System.err.println("{\"phase\":\"" + name + "\"}");
        System.err.flush();
    }

    /** One percentile of each driver's run, lowest first; a driver with no command past its warm-up has none. */
    private static long[] percentiles(List<Map<String, Object>> runs, String key) {
        return runs.stream()
                .map(r -> r.get(key))
                .filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue())
                .sorted()
                .toArray();
    }

    /** The simulator's ids for {@code n} cars named c1 ... cn. */
    static List<String> cars(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("simulator-c" + i);
        }
        return ids;
    }

    /** The same cars at each of several sites, as hubs name them: {@code simulator-c1@home}. */
    static List<String> cars(int n, List<String> sites) {
        if (sites.isEmpty()) {
            return cars(n);
        }
        List<String> ids = new ArrayList<>();
        for (String site : sites) {
            cars(n).forEach(car -> ids.add(car + "@" + site));
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

    /**
     * @param cars the cars' ids: {@link #cars(int)} on one server, {@link #cars(int, List)} through hubs
     */
    Map<String, Object> run(List<String> cars, int spectators, Duration duration, int hz, int handovers)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cars", cars.size());
        result.put("driver_hz", DRIVER_HZ);

        // A lone driver on the first car, nobody else connected: the figure the fleet is held to.
        BenchSocket lone = driverOf(cars.get(0));
        paced(lone, WARM_UP); // this client's own first round trips compile and collect
        Map<String, Object> alone = paced(lone, duration);
        lone.close();
        lone.closed().get(5, TimeUnit.SECONDS);
        result.put("single_driver_p50_us", alone.get("p50_us"));
        result.put("single_driver_p99_us", alone.get("p99_us"));

        var metrics = new ServerMetrics(client.url(), client.token());
        Map<String, Object> crowd;
        Map<String, Double> metricsBefore;
        Map<String, Double> metricsAfter;
        List<Map<String, Object>> driven = new ArrayList<>();
        phase("crowd");
        try (var spectating = CrowdGroup.spectators(crowdUrls, client.token(), cars, spectators)) {
            List<BenchSocket> drivers = new ArrayList<>();
            for (String car : cars) {
                drivers.add(driverOf(car));
            }
            Thread.sleep(SETTLE.toMillis()); // the drivers' claims reach the crowd as states before counting
            metricsBefore = metrics.scrape();
            spectating.startCounting();
            phase("steady");
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
            for (CompletableFuture<Map<String, Object>> run : runs) {
                driven.add(run.get(duration.toSeconds() + 60, TimeUnit.SECONDS));
            }
            crowd = spectating.stopCounting();
            phase("handovers");
            metricsAfter = metrics.scrape();
            drivers.forEach(BenchSocket::close);
        }
        long[] p99s = percentiles(driven, "p99_us");
        long[] p50s = percentiles(driven, "p50_us");
        int[] ticks = ((List<?>) crowd.get("ticks"))
                .stream().mapToInt(t -> ((Number) t).intValue()).toArray();

        double expected = duration.toNanos() / 1e9 * hz;
        long good = Arrays.stream(ticks).filter(t -> t >= 0.9 * expected).count();
        result.put("spectators", spectators);
        result.put("connected", crowd.get("connected"));
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
        result.putAll(ServerMetrics.between(metricsBefore, metricsAfter)); // the server's side of the same seconds
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
        Replies.selectConnected(s, car);
        String claimed = Replies.request(s, "{\"command\":\"claim\",\"id\":\"__claim\"}", "__claim");
        if (!Replies.parse(claimed).ack()) {
            throw new IllegalStateException("cannot drive " + car + ": " + claimed);
        }
        return s;
    }
}
