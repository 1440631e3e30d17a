package dev.teledrive.server.control;

import dev.teledrive.api.Telemetry;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.telemetry.TelemetryHub;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.Watchdog;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * One telemetry tick as the server pays for it: the sample encoded to UTF-8 once, then offered to every
 * spectator's outbox. The sender here completes at once, so this is the server's own cost per tick,
 * not the kernel's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanoutBenchmark {

    @Param({"1000", "5000"})
    public int spectators;

    private final Telemetry sample = Telemetry.builder()
            .put("x", 1.25)
            .put("y", -3.5)
            .put("heading", 90.0)
            .put("speed", 0.75)
            .put("moving", true)
            .put("command", "up")
            .build();
    private TelemetryHub hub;
    private ControlService control;
    private Watchdog watchdog;
    private long seq;

    @Setup(Level.Trial)
    public void start() throws Exception {
        var configuration =
                new MapConfiguration(Map.of("limits.connections", "0", "limits.connectionsPerAddress", "0"));
        var vehicles = new VehicleRegistry();
        control = new ControlService(
                HostSettings.from(configuration),
                vehicles,
                Clock.systemUTC(),
                "bench",
                new AuthThrottle(Clock.systemUTC(), AuthThrottle.Settings.defaults()),
                RouteBenchmark.NO_TURN_TIMERS);
        hub = new TelemetryHub(Clock.systemUTC(), control);
        watchdog = new Watchdog();
        // The spectators watch the default vehicle: a no-op one, which never sends telemetry itself.
        vehicles.add(RouteBenchmark.noopRunner(configuration, watchdog, true));
        vehicles.makeDefault("noop").get(5, TimeUnit.SECONDS);
        for (int i = 0; i < spectators; i++) {
            control.greet(control.register(
                    "10.0.0." + (i % 250), (utf8, more, done) -> done.accept(null), (code, reason) -> {}));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        hub.close();
        watchdog.close();
    }

    @Benchmark
    public String encodeOnce() {
        return hub.encode("noop", ++seq, 1_700_000_000_000L, sample);
    }

    @Benchmark
    public void encodeAndOfferToEverySpectator() {
        control.broadcast("noop", hub.message("noop", ++seq, 1_700_000_000_000L, sample));
    }
}
