package dev.teledrive.server.vehicles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.support.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A vehicle's life in the host: idle until opened, connecting within a deadline (time moves by
 * hand), the plugin's scheduled work owned and cancelled by the host, and the two kinds of stop.
 */
class VehicleLifecycleTest {

    private final ManualClock clock = new ManualClock();
    private final ManualTimers timers = new ManualTimers(clock);
    private final Watchdog watchdog = new Watchdog();
    private final Scripted vehicle = new Scripted();
    private final VehicleRunner runner = new VehicleRunner(
            new VehicleSpec("turret", "Turret"),
            "test",
            vehicle,
            sample -> {},
            r -> {},
            new RunnerSetup(
                    new MapConfiguration(Map.of()),
                    clock,
                    Monotonic.nanoTime(clock),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(10),
                    watchdog,
                    timers,
                    () -> {}));

    @AfterEach
    void close() {
        vehicle.release.countDown();
        runner.close();
        watchdog.close();
    }

    @Test
    void aVehicleNobodyOpenedIsIdleNotDisconnected() throws Exception {
        assertEquals(VehicleState.IDLE, runner.status().state());
        assertNull(runner.status().reason());
        runner.connect().get(5, TimeUnit.SECONDS);
        assertEquals(VehicleState.CONNECTED, runner.status().state());
    }

    @Test
    void aConnectThatHangsRefusesCommandsAtOnceAndFailsAtItsDeadline() throws Exception {
        vehicle.hangInConnect = true;
        CompletableFuture<Void> connecting = runner.connect();
        assertEquals("connect", vehicle.next());
        assertEquals(VehicleState.CONNECTING, runner.status().state());

        CompletableFuture<Throwable> up = new CompletableFuture<>();
        runner.execute(up(), CommandKind.TIMED, up::complete);
        assertTrue(up.isDone(), "refused at once, not held until the connect ends");
        assertTrue(up.get().getMessage().contains("still connecting"), up.get().getMessage());
        CompletableFuture<Throwable> stop = new CompletableFuture<>();
        runner.execute(stop(), CommandKind.STOP, stop::complete);
        assertTrue(stop.isDone(), "a stop is not acknowledged for a vehicle that ran nothing yet");
        assertInstanceOf(VehicleUnavailableException.class, stop.get());
        assertEquals(connecting, runner.connect(), "a second select joins the attempt under way");

        timers.advance(Duration.ofMillis(9_999));
        assertFalse(connecting.isDone());
        timers.advance(Duration.ofMillis(1));
        ExecutionException missed = assertThrows(ExecutionException.class, () -> connecting.get(5, TimeUnit.SECONDS));
        assertTrue(missed.getCause().getMessage().contains("did not connect within 10 s"), missed.getMessage());
        assertEquals(VehicleState.FAILED, runner.status().state());
        assertTrue(
                runner.status().reason().contains("vehicles.connectSeconds"),
                runner.status().reason());
        assertEquals("interrupted", vehicle.next(), "the plugin's connect is interrupted at the deadline");

        vehicle.hangInConnect = false;
        runner.connect().get(5, TimeUnit.SECONDS);
        CompletableFuture<Throwable> again = new CompletableFuture<>();
        runner.execute(up(), CommandKind.TIMED, again::complete);
        assertNull(again.get(5, TimeUnit.SECONDS));
        assertEquals(
                List.of("connect", "accept:up"),
                List.of(vehicle.next(), vehicle.next()),
                "the command refused while connecting never ran");
    }

    @Test
    void aCommandThatAStopOvertookIsAnsweredAsNotRunNeverAcknowledged() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.drain();
        long admitted = runner.admission();
        runner.stop().get(5, TimeUnit.SECONDS); // a hand-over's stop, after the driver's command was admitted
        CompletableFuture<Throwable> up = new CompletableFuture<>();
        runner.execute(up(), CommandKind.TIMED, admitted, up::complete);
        Throwable refused = up.get(5, TimeUnit.SECONDS);
        assertInstanceOf(VehicleUnavailableException.class, refused);
        assertEquals("'up' did not run: a stop came first", refused.getMessage());
        assertEquals("stop", vehicle.next());
        assertNull(vehicle.events.poll(), "the vehicle never saw the up");
    }

    @Test
    void theHostCancelsWhatThePluginScheduledWhenItFailsReconnectsOrCloses() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        Future<?> first = vehicle.ticks.get(0);
        vehicle.context.connectionChanged(ConnectionState.FAILED, "the link broke");
        assertTrue(first.isCancelled(), "a failed vehicle's ticks end with it");

        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.failNextTick.set(true);
        await(() -> runner.status().state() == VehicleState.FAILED);
        runner.connect().get(5, TimeUnit.SECONDS);
        assertEquals(3, vehicle.ticks.size(), "connected three times, scheduled three times");
        for (Future<?> old : vehicle.ticks.subList(0, 2)) {
            assertTrue(old.isDone(), "a reconnect never doubles a tick"); // cancelled, or ended by its throw
        }
        Future<?> live = vehicle.ticks.get(2);
        assertFalse(live.isDone());

        runner.close();
        assertTrue(live.isCancelled(), "nor does anything outlive the vehicle");
    }

    @Test
    void theEndOfATimedCommandIsNotTheSafetyStop() throws Exception {
        vehicle.ownTimeUp = true;
        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.drain();
        upUntilItsTimerIsSet();
        timers.advance(Duration.ofMillis(300));
        assertEquals("timeUp:up", vehicle.next(), "the laser stays on");
        runner.execute(stop(), CommandKind.STOP, failure -> {});
        assertEquals("stop", vehicle.next());
    }

    @Test
    void aVehicleBuiltForApi13IsStoppedWhenItsTimeIsUp() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.drain();
        upUntilItsTimerIsSet();
        timers.advance(Duration.ofMillis(300));
        assertEquals("stop", vehicle.next(), "Vehicle.timeUp's default is the safety stop");
    }

    @Test
    void aVehicleWhoseSafetyStopFailedStaysFailedUntilAStopSucceeds() throws Exception {
        runner.connect().get(5, TimeUnit.SECONDS);
        vehicle.stopsToFail.set(2);
        CompletableFuture<Throwable> stop = new CompletableFuture<>();
        runner.execute(stop(), CommandKind.STOP, stop::complete);
        assertTrue(stop.get(5, TimeUnit.SECONDS).getMessage().contains("did not stop"));
        assertEquals(VehicleState.FAILED, runner.status().state());

        vehicle.context.connectionChanged(ConnectionState.CONNECTED, null);
        assertEquals(VehicleState.FAILED, runner.status().state(), "its plugin saying so does not make it safe");
        ExecutionException reconnect =
                assertThrows(ExecutionException.class, () -> runner.connect().get(5, TimeUnit.SECONDS));
        assertTrue(reconnect.getCause().getMessage().contains("did not stop"), reconnect.getMessage());
        assertEquals(VehicleState.FAILED, runner.status().state(), "connected again, but the owed stop failed again");
        CompletableFuture<Throwable> up = new CompletableFuture<>();
        runner.execute(up(), CommandKind.TIMED, up::complete);
        assertInstanceOf(VehicleUnavailableException.class, up.get(5, TimeUnit.SECONDS));

        CompletableFuture<Throwable> last = new CompletableFuture<>();
        runner.execute(stop(), CommandKind.STOP, last::complete);
        assertNull(last.get(5, TimeUnit.SECONDS), "this stop went through");
        assertEquals(VehicleState.CONNECTED, runner.status().state());
        assertNull(runner.status().reason());
    }

    /** Sends {@code up} for 300 ms and waits for its answer, which comes once its timer is set. */
    private void upUntilItsTimerIsSet() throws Exception {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        runner.execute(up(), CommandKind.TIMED, done::complete);
        assertNull(done.get(5, TimeUnit.SECONDS));
        assertEquals("accept:up", vehicle.next());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    private static Command up() throws Exception {
        return StandardVocabulary.motion(255).find("up").orElseThrow().bind(Map.of(), Duration.ofMillis(300));
    }

    private static Command stop() throws Exception {
        return StandardVocabulary.motion(255).find("stop").orElseThrow().bind(Map.of(), null);
    }

    /** A vehicle that does what each test sets and writes down what the host asked of it. */
    private static final class Scripted implements VehicleProvider, Vehicle {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<Future<?>> ticks = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger stopsToFail = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean failNextTick = new java.util.concurrent.atomic.AtomicBoolean();
        volatile boolean hangInConnect;
        volatile boolean ownTimeUp;
        volatile VehicleContext context;

        @Override
        public String id() {
            return "turret";
        }

        @Override
        public String name() {
            return "Turret";
        }

        @Override
        public Vocabulary vocabulary() {
            return StandardVocabulary.motion(255);
        }

        @Override
        public Vehicle open(VehicleContext context) {
            this.context = context;
            return this;
        }

        @Override
        public void connect() {
            events.add("connect");
            if (hangInConnect) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    events.add("interrupted");
                    return; // as a plugin that gives up quietly would: the host must not count it connected
                }
            }
            ticks.add(context.scheduler().scheduleAtFixedRate(this::tick, 50, 50, TimeUnit.MILLISECONDS));
        }

        private void tick() {
            if (failNextTick.getAndSet(false)) {
                throw new IllegalStateException("tick failed, as asked");
            }
        }

        @Override
        public void accept(Command command) {
            events.add("accept:" + command.name());
        }

        @Override
        public void timeUp(Command timed) throws VehicleException {
            if (ownTimeUp) {
                events.add("timeUp:" + timed.name());
            } else {
                Vehicle.super.timeUp(timed);
            }
        }

        @Override
        public void stop() throws VehicleException {
            events.add("stop");
            if (stopsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new VehicleException("the laser's relay is stuck");
            }
        }

        @Override
        public void close() {}

        String next() throws InterruptedException {
            return events.poll(5, TimeUnit.SECONDS);
        }

        void drain() {
            events.clear();
        }
    }
}
