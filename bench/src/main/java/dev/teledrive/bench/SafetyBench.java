package dev.teledrive.bench;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.config.LayeredConfiguration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * How soon the vehicle stops when the driver is lost: silent past the dead-man, disconnected,
 * or at the end of a timed command. It runs Teledrive in this process with a probe vehicle that
 * notes the moment {@code stop()} reaches it, so the clock is the same on both sides.
 */
final class SafetyBench {

    private static final String PROBE = "probe";
    private final int trials;

    SafetyBench(int trials) {
        this.trials = trials;
    }

    Map<String, Object> run() throws Exception {
        Path noPlugins = Files.createTempDirectory("teledrive-bench-plugins");
        Duration deadman = Duration.ofMillis(500);
        var probe = new Probe();
        var configuration = LayeredConfiguration.builder()
                .commandLine(Map.of(
                        "port",
                        "0",
                        "plugins",
                        noPlugins.toString(),
                        "plugins.watch",
                        "false",
                        "vehicle",
                        PROBE,
                        "control.deadmanMillis",
                        Long.toString(deadman.toMillis()),
                        "limits.messagesPerSecond",
                        "0",
                        // each trial's driver must get the seat its predecessor dropped, not wait out a resume
                        "turns.graceSeconds",
                        "0"))
                .build();
        Map<String, Object> result = new LinkedHashMap<>();
        quietServerLog();
        try (Teledrive teledrive = Teledrive.builder(configuration)
                        .provider("bench", probe)
                        .start();
                BenchClient client = new BenchClient(
                        URI.create("ws://127.0.0.1:" + teledrive.uri().getPort() + "/ws"), null)) {
            var silent = new Latency();
            var closed = new Latency();
            var timed = new Latency();
            for (int i = 0; i < trials; i++) {
                BenchSocket driver = client.openDriver();
                probe.stops.clear();
                long sent = System.nanoTime();
                Replies.await(driver, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":\"d\"}", "d");
                silent.recordNanos(probe.nextStop() - sent - deadman.toNanos());

                Replies.await(driver, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":\"c\"}", "c");
                probe.stops.clear();
                long closing = System.nanoTime();
                driver.close();
                closed.recordNanos(probe.nextStop() - closing);

                BenchSocket next = client.openDriver();
                probe.stops.clear();
                sent = System.nanoTime();
                Replies.await(next, "{\"command\":\"up\",\"duration\":0.2,\"id\":\"t\"}", "t");
                timed.recordNanos(
                        probe.nextStop() - sent - Duration.ofMillis(200).toNanos());
                next.close();
                next.closed().get(5, TimeUnit.SECONDS);
            }
            result.put("trials", trials);
            result.put("deadman_ms", deadman.toMillis());
            silent.putInto(result, "deadman_overrun_");
            closed.putInto(result, "disconnect_to_stop_");
            timed.putInto(result, "timed_overrun_");
        } finally {
            Files.deleteIfExists(noPlugins);
        }
        return result;
    }

    /** The server in this process would log every trial's seat and stop; only its warnings matter here. */
    private static void quietServerLog() {
        if (LoggerFactory.getLogger("dev.teledrive.server") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** A vehicle that does nothing but note when it was told to stop. */
    private static final class Probe implements VehicleProvider, Vehicle {
        final BlockingQueue<Long> stops = new LinkedBlockingQueue<>();

        @Override
        public String id() {
            return PROBE;
        }

        @Override
        public String name() {
            return "Stop-time probe";
        }

        @Override
        public Vocabulary vocabulary() {
            return StandardVocabulary.motion(255);
        }

        @Override
        public Vehicle open(VehicleContext context) {
            return this;
        }

        @Override
        public void accept(Command command) {
            // moving, as far as anyone can tell
        }

        @Override
        public void stop() {
            stops.add(System.nanoTime());
        }

        @Override
        public void close() {}

        long nextStop() throws InterruptedException {
            Long t = stops.poll(5, TimeUnit.SECONDS);
            if (t == null) {
                throw new IllegalStateException("the vehicle was never stopped");
            }
            return t;
        }
    }
}
