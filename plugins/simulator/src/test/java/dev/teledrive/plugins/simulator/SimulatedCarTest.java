package dev.teledrive.plugins.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import dev.teledrive.api.Command;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated car through its vehicle interface, with a clock the test moves by hand. */
class SimulatedCarTest {

    private final MutableClock clock = new MutableClock();
    private final List<Telemetry> samples = new ArrayList<>();
    private final SimulatedCar car = (SimulatedCar) new SimulatorProvider().open(context(Map.of()));

    SimulatedCarTest() throws VehicleException {
    }

    @Test
    void publishesTheFourProtocolFieldsFirstThenItsOwn() {
        car.tick();
        var fields = samples.get(0).fields();
        assertEquals(List.of("x", "y", "heading", "speed", "wall", "level", "direction", "arenaWidth", "arenaHeight"), List.copyOf(fields.keySet()));
        assertEquals(2.0, fields.get("x"));
        assertEquals("stop", fields.get("direction"));
    }

    @Test
    void upMovesForwardAtTheDefaultLevelAsTheClockAdvances() throws Exception {
        car.accept(bind("up", Map.of()));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(50));
            car.tick();
        }
        var last = samples.get(samples.size() - 1).fields();
        assertEquals(1.2, (double) last.get("speed"), 1e-9, "level 12 of 15 at 1.5 m/s");
        assertTrue((double) last.get("y") > 1.5);
        assertEquals(12L, last.get("level"));
        assertEquals("ahead", last.get("direction"));
    }

    @Test
    void rawBytesDriveExactlyLikeTheNamedCommands() throws Exception {
        var named = (SimulatedCar) new SimulatorProvider().open(context(Map.of()));
        named.accept(bind("up", Map.of("speed", 15)));
        car.accept(bind("raw", Map.of("data", 0x1F)));
        named.physics().step(0.7);
        car.physics().step(0.7);
        assertEquals(named.physics().y(), car.physics().y(), 1e-12);
        car.accept(bind("raw", Map.of("data", 0x00)));
        assertTrue(car.physics().command().isStop());
        car.accept(bind("raw", Map.of("data", 0x9F)));
        assertTrue(car.physics().command().isStop(), "an undefined direction stops");
    }

    @Test
    void driveMapsTheStickToTheNearestDirection() throws Exception {
        car.accept(bind("drive", Map.of("throttle", -1.0, "steer", -0.9)));
        assertEquals("REVERSE_LEFT", car.physics().direction().name());
        assertEquals(15, car.physics().command().speed());
        car.accept(bind("drive", Map.of("throttle", 0.05, "steer", 0.0)));
        assertTrue(car.physics().command().isStop(), "the dead zone stops");
    }

    @Test
    void theMaximumLevelCapsEveryCommand() throws Exception {
        var gentle = (SimulatedCar) new SimulatorProvider().open(context(Map.of("simulator.maxLevel", "5")));
        gentle.accept(bind("up", Map.of("speed", 15)));
        assertEquals(5, gentle.physics().command().speed());
        gentle.accept(bind("raw", Map.of("data", 0x2F)));
        assertEquals(5, gentle.physics().command().speed());
        gentle.accept(bind("drive", Map.of("throttle", 1.0, "steer", 0.0)));
        assertEquals(5, gentle.physics().command().speed());
    }

    @Test
    void stopAndABadSettingAreHandled() throws Exception {
        car.accept(bind("up", Map.of()));
        car.stop();
        assertTrue(car.physics().command().isStop());
        var e = assertThrows(VehicleException.class,
                () -> new SimulatorProvider().open(context(Map.of("simulator.telemetryHz", "0"))));
        assertTrue(e.getMessage().contains("simulator.telemetryHz"), e.getMessage());
    }

    private static Command bind(String name, Map<String, ?> fields) throws Exception {
        var spec = StandardVocabulary.motion(255).find(name).orElseThrow();
        return spec.bind(fields, Duration.ofSeconds(1));
    }

    private VehicleContext context(Map<String, String> keys) {
        ScheduledExecutorService never = mock(ScheduledExecutorService.class);
        TelemetrySink sink = samples::add;
        Configuration config = new Configuration() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(keys.get(key));
            }

            @Override
            public Set<String> keys() {
                return keys.keySet();
            }
        };
        Logger log = LoggerFactory.getLogger("test");
        return new VehicleContext() {
            public String vehicleId() {
                return "simulator";
            }

            public Configuration configuration() {
                return config;
            }

            public Clock clock() {
                return clock;
            }

            public ScheduledExecutorService scheduler() {
                return never;
            }

            public TelemetrySink telemetry() {
                return sink;
            }

            public void connectionChanged(ConnectionState state, String reason) {
            }

            public Logger logger() {
                return log;
            }
        };
    }

    /** A clock that moves only when told. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
