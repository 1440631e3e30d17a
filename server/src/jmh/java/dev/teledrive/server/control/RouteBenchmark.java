package dev.teledrive.server.control;

import dev.teledrive.api.Command;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.vehicles.RunnerSetup;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.VehicleTimers;
import dev.teledrive.server.vehicles.Watchdog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole server-side drive path without the network: a text frame is decoded, checked,
 * handed to the vehicle's thread (or, for a non-blocking vehicle, run right here), accepted, and
 * its ack written. One command in flight, as a driver's joystick sends them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteBenchmark {

    /** Whether the vehicle declares {@code nonBlocking()}, letting the command run on this thread. */
    @Param({"false", "true"})
    public boolean nonBlocking;

    private VehicleRegistry vehicles;
    private Watchdog watchdog;
    private ControlService control;
    private ControlSession driver;
    private final AtomicLong acks = new AtomicLong();
    private long sent;

    @Setup(Level.Trial)
    public void start() throws Exception {
        var configuration = new MapConfiguration(Map.of("limits.messagesPerSecond", "0"));
        vehicles = new VehicleRegistry();
        control = new ControlService(
                HostSettings.from(configuration),
                vehicles,
                Clock.systemUTC(),
                "bench",
                new AuthThrottle(Clock.systemUTC(), AuthThrottle.Settings.defaults()),
                NO_TURN_TIMERS);
        watchdog = new Watchdog();
        vehicles.add(noopRunner(configuration, watchdog, nonBlocking));
        vehicles.makeDefault("noop").get(5, TimeUnit.SECONDS);
        driver = control.register(
                "127.0.0.1",
                (utf8, more, done) -> {
                    if (utf8.remaining() > 9 && utf8.get(utf8.position() + 9) == 'a') { // {"type":"ack"
                        acks.incrementAndGet();
                    }
                    done.accept(null);
                },
                (code, reason) -> {});
        control.greet(driver);
    }

    @TearDown(Level.Trial)
    public void stop() {
        vehicles.close();
        watchdog.close();
    }

    @Benchmark
    public long commandToAck() {
        long expected = ++sent;
        control.onText(driver, "{\"command\":\"up\",\"duration\":0.1,\"id\":" + expected + "}");
        while (acks.get() < expected) {
            Thread.onSpinWait();
        }
        return expected;
    }

    /** A vehicle that accepts everything at once. */
    /** The no-op vehicle {@code noop}, running in real time: both benchmarks' vehicle. */
    static VehicleRunner noopRunner(Configuration configuration, Watchdog watchdog, boolean nonBlocking) {
        return new VehicleRunner(
                new VehicleSpec("noop", "No-op"),
                "bench",
                new NoopVehicle(nonBlocking),
                sample -> {},
                v -> {},
                new RunnerSetup(
                        configuration,
                        Clock.systemUTC(),
                        System::nanoTime,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(5),
                        watchdog,
                        VehicleTimers.REAL_TIME));
    }

    /** One driver and nobody waiting: no turn ever ends, so its timers are never needed. */
    static final VehicleTimers NO_TURN_TIMERS = (task, delayNanos) -> () -> {};

    static final class NoopVehicle implements VehicleProvider, Vehicle {
        private final boolean nonBlocking;

        NoopVehicle(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
        }

        @Override
        public boolean nonBlocking() {
            return nonBlocking;
        }

        @Override
        public String id() {
            return "noop";
        }

        @Override
        public String name() {
            return "No-op";
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
        public void accept(Command command) {}

        @Override
        public void stop() {}

        @Override
        public void close() {}
    }
}
