package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.api.testkit.MapConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command timeout as the watchdog keeps it (the timeout here is 100 ms). */
class VehicleRunnerTest {

    private final Slow vehicle = new Slow();
    private final Watchdog watchdog = new Watchdog();
    private final VehicleRunner runner = new VehicleRunner(
            new VehicleSpec("slow", "Slow"),
            "test",
            vehicle,
            sample -> {},
            r -> {},
            new RunnerSetup(
                    new MapConfiguration(Map.of()),
                    Clock.systemUTC(),
                    System::nanoTime,
                    Duration.ofMillis(500),
                    Duration.ofMillis(100),
                    watchdog,
                    VehicleTimers.REAL_TIME));

    @AfterEach
    void close() {
        vehicle.release.countDown();
        runner.close();
        watchdog.close();
    }

    @Test
    void aLinkThatTakesLongToOpenIsNotAStuckPlugin() throws Exception {
        vehicle.connectMillis = 400;
        runner.connect().get(5, TimeUnit.SECONDS);
        assertEquals(VehicleState.CONNECTED, runner.status().state());
    }

    @Test
    void aCommandThatHangsIsAnsweredAndSoIsEveryCommandBehindIt() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.hang = true;
        var first = new CompletableFuture<Throwable>();
        var second = new CompletableFuture<Throwable>();
        runner.execute(command(), CommandKind.TIMED, first::complete);
        runner.execute(command(), CommandKind.TIMED, second::complete);
        assertInstanceOf(VehicleUnavailableException.class, first.get(5, TimeUnit.SECONDS));
        Throwable behind = second.get(5, TimeUnit.SECONDS);
        assertInstanceOf(VehicleUnavailableException.class, behind);
        assertTrue(behind.getMessage().contains("did not answer within 100 ms"), behind.getMessage());
        assertEquals(VehicleState.FAILED, runner.status().state());
    }

    @Test
    void aQuickCommandIsAcceptedOnce() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        var done = new CompletableFuture<Throwable>();
        runner.execute(command(), CommandKind.TIMED, failure -> {
            if (!done.complete(failure)) {
                throw new AssertionError("told twice");
            }
        });
        assertNull(done.get(5, TimeUnit.SECONDS));
        Thread.sleep(300); // a watchdog look or two later, still told once
    }

    @Test
    void aNonBlockingVehicleTakesItsCommandOnTheCallersThreadWhenIdle() throws Exception {
        vehicle.nonBlocking = true;
        runner.connect().get(5, TimeUnit.SECONDS);
        // The vehicle's thread may still be finishing the connect (or a timer) a moment longer;
        // once it is idle, a command is taken on this thread before execute returns.
        boolean ranHere = false;
        for (int i = 0; i < 100 && !ranHere; i++) {
            var done = new CompletableFuture<Throwable>();
            runner.execute(command(), CommandKind.TIMED, done::complete);
            assertNull(done.get(5, TimeUnit.SECONDS));
            ranHere = Thread.currentThread().getName().equals(vehicle.acceptedOn);
            if (!ranHere) {
                Thread.sleep(10);
            }
        }
        assertTrue(ranHere, "an idle vehicle's command runs on the caller's thread");
    }

    @Test
    void anyOtherVehicleTakesItsCommandsOnItsOwnThread() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        var done = new CompletableFuture<Throwable>();
        runner.execute(command(), CommandKind.TIMED, done::complete);
        assertNull(done.get(5, TimeUnit.SECONDS));
        assertEquals("vehicle-slow", vehicle.acceptedOn);
    }

    private static Command command() throws Exception {
        return StandardVocabulary.motion(255).find("up").orElseThrow().bind(Map.of(), Duration.ofMillis(50));
    }

    /** A vehicle whose link opens slowly and whose commands may hang. */
    private static final class Slow implements VehicleProvider, Vehicle {
        volatile long connectMillis;
        volatile boolean hang;
        volatile boolean nonBlocking;
        volatile String acceptedOn;
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String id() {
            return "slow";
        }

        @Override
        public String name() {
            return "Slow";
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
        public void connect() {
            sleep(connectMillis);
        }

        @Override
        public boolean nonBlocking() {
            return nonBlocking;
        }

        @Override
        public void accept(Command command) {
            acceptedOn = Thread.currentThread().getName();
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void stop() {}

        @Override
        public void close() {}

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
