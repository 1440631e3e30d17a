package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vehicle and the single thread it lives on (an actor). Commands, stops, timers and the
 * plugin's own ticks all run on that thread, so plugin code needs no locks and a slow link never
 * stalls a WebSocket thread. A vehicle whose calls never block ({@code Vehicle.nonBlocking()})
 * also has its commands run on the thread that read them while its own thread is idle, one task
 * at a time all the same: that saves a thread hand-off per command.
 *
 * <p>Its parts: the {@link Connector} connects it within a deadline, the {@link VehicleCondition}
 * says what clients see, {@link ScheduledWork} holds the plugin's own tasks (cancelled whenever
 * it fails, reconnects or closes), {@link MotionSafety} ends a timed command when its time is up
 * and stops a held one when the driver goes quiet, and the server's {@link Watchdog} answers for a
 * plugin stuck in a command. What stays here is every call into plugin code and what its failure
 * means.
 */
public final class VehicleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRunner.class);

    private final VehicleSpec spec;
    private final String pluginId;
    private final Vocabulary vocabulary;
    private final VehicleTasks tasks;
    private final ScheduledWork work;
    private final PluginVehicle vehicle;
    private final MotionSafety safety;
    private final VehicleCondition condition;
    private final Connector connector;

    /*
     * A stop bumps the generation before it is queued; commands queued earlier see a newer
     * generation when their turn comes and are skipped, so a stop never waits behind them.
     */
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param spec          the vehicle's id and name
     * @param pluginId      the plugin providing it, for logs and the API
     * @param provider      the provider that opens it
     * @param telemetry     where its samples go
     * @param onStateChange told whenever what clients see of it changes, on any thread
     * @param setup         what every runner of the server shares: time, limits, the watchdog
     */
    public VehicleRunner(
            VehicleSpec spec,
            String pluginId,
            VehicleProvider provider,
            TelemetrySink telemetry,
            Consumer<VehicleRunner> onStateChange,
            RunnerSetup setup) {
        this.spec = spec;
        this.pluginId = pluginId;
        this.vocabulary = provider.vocabulary();
        var thread = new VehicleThread(spec.id(), this::pluginTaskFailed);
        this.tasks =
                new VehicleTasks(spec.id(), pluginId, thread, setup.commandTimeout(), setup.watchdog(), this::stuck);
        this.work = new ScheduledWork(thread);
        this.condition = new VehicleCondition(
                spec.id(), spec.name(), pluginId, work::cancelAll, () -> onStateChange.accept(this));
        Logger pluginLog = LoggerFactory.getLogger("dev.teledrive.plugin." + pluginId + "." + spec.id());
        var context = new RunnerContext(
                spec.id(), setup.configuration(), setup.clock(), work, telemetry, pluginLog, condition::reported);
        this.vehicle = new PluginVehicle(spec.id(), pluginId, provider, context, condition);
        VehicleTimers timers = setup.timers().of(task -> tasks.submit(task::run), tasks::schedule);
        this.safety =
                new MotionSafety(spec.id(), setup.nanoTime(), setup.deadman(), timers, this::timeUp, this::stopNow);
        safety.onDeadman(setup.deadmanFired());
        VehicleTimers deadlines = setup.timers().of(Runnable::run, setup.watchdog()::after);
        this.connector = new Connector(spec.id(), tasks, deadlines, setup.connectTimeout(), new Outcome());
    }

    public String id() {
        return spec.id();
    }

    public String name() {
        return spec.name();
    }

    public String pluginId() {
        return pluginId;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The vehicle as clients see it. */
    public VehicleStatus status() {
        return condition.status();
    }

    /**
     * Connects the vehicle unless it is connected, opening it first if nobody has yet. Returns at
     * once: the vehicle shows {@code connecting} meanwhile, and the result completes when it is
     * connected, or exceptionally with a {@link VehicleUnavailableException} saying why not (by the
     * {@code vehicles.connectSeconds} deadline at the latest). Retrying after a failure connects again.
     */
    public CompletableFuture<Void> connect() {
        if (condition.status().connected()) {
            return CompletableFuture.completedFuture(null);
        }
        return connector.connect(this::openAndConnect);
    }

    /**
     * Hands a checked command to the vehicle and arms its safety timer. {@code whenDone} is told
     * exactly once, normally on the vehicle's thread: {@code null} once the vehicle carried out the
     * command, a {@link VehicleUnavailableException} when it is not connected (at once: a command is
     * never held while the vehicle connects), refused, or did not answer within the command
     * timeout, or the plugin's own exception when it failed. A callback rather than a returned
     * future keeps the reply on the vehicle's thread, where replies to a burst of commands are
     * written together.
     */
    public void execute(Command command, CommandKind kind, Consumer<Throwable> whenDone) {
        execute(command, kind, admission(), whenDone);
    }

    /**
     * The vehicle's stop count now, read before the caller checks that its client may drive: a
     * command admitted at this count is void if a stop came since, such as the stop of a hand-over
     * that seated someone else after the check.
     */
    public long admission() {
        return generation.get();
    }

    /** As {@link #execute(Command, CommandKind, Consumer)}, for a command admitted at {@link #admission()}. */
    public void execute(Command command, CommandKind kind, long admittedAt, Consumer<Throwable> whenDone) {
        if (kind == CommandKind.STOP && !connector.busy()) {
            stop(whenDone, true);
            return;
        }
        String refused = condition.refusal();
        if (refused != null) { // a stop while the plugin connects, too: it would run only once that ends
            whenDone.accept(new VehicleUnavailableException(refused));
            return;
        }
        tasks.submit(
                () -> {
                    if (generation.get() != admittedAt) { // a stop overtook it: void, and never acknowledged as run
                        throw new VehicleUnavailableException(
                                "'" + command.name() + "' did not run: a stop came first");
                    }
                    try {
                        vehicle.accept(command);
                    } catch (RuntimeException | LinkageError e) {
                        stopNow();
                        throw e;
                    }
                    switch (kind) {
                        case TIMED -> safety.timed(command);
                        case HELD -> safety.held();
                        default -> {}
                    }
                },
                whenDone,
                true);
    }

    /**
     * The safety stop, ahead of any command still queued. Always completes normally: a vehicle
     * that refuses to stop is marked failed, with the reason, for every client to see.
     */
    public CompletableFuture<Void> stop() {
        var done = new CompletableFuture<Void>();
        stop(failure -> done.complete(null), false);
        return done;
    }

    /**
     * Voids every command queued before it, then stops. {@code whenDone} hears success, or a
     * {@link VehicleUnavailableException} when the vehicle refused to stop: a driver must never be
     * told a stop happened that did not.
     */
    private void stop(Consumer<Throwable> whenDone, boolean mayRunHere) {
        generation.incrementAndGet();
        tasks.submit(
                () -> {
                    String refused = stopNow();
                    if (refused != null) {
                        throw new VehicleUnavailableException(refused);
                    }
                },
                whenDone,
                mayRunHere);
    }

    /** Word from the driver: a held command lives on for another dead-man period. */
    public void driverActivity() {
        safety.driverActivity();
    }

    /** Stops and closes the vehicle, cancels what its plugin scheduled and ends its thread. */
    @Override
    public void close() {
        stop();
        CompletableFuture<Void> closed = tasks.submit(() -> {
            work.cancelAll();
            vehicle.close();
            tasks.runHere(false);
            condition.link(VehicleState.DISCONNECTED, null);
        });
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vehicle '{}' did not close within 2 s; abandoning its thread", spec.id());
        }
        work.cancelAll();
        tasks.close();
    }

    /** The connect attempt, on the vehicle's thread: nothing the plugin scheduled before survives it. */
    private void openAndConnect() throws VehicleUnavailableException {
        work.cancelAll();
        tasks.runHere(false);
        vehicle.openAndConnect();
    }

    /** The watchdog found the plugin stuck in a task. */
    private void stuck(String why) {
        LOG.error("plugin '{}': {}", pluginId, why);
        condition.fault(why);
    }

    /** One of the plugin's own scheduled tasks threw (the executor would cancel it silently). */
    private void pluginTaskFailed(Throwable failure) {
        LOG.error("plugin '{}' failed in a task of vehicle '{}'; stopping it", pluginId, spec.id(), failure);
        condition.fault("the " + pluginId + " plugin failed (" + failure + "); see the server log");
        stopNow();
    }

    /** A timed command's time is up: the vehicle ends it; should it fail to, the safety stop follows. */
    private void timeUp(Command timed) {
        if (!vehicle.timeUp(timed)) {
            stopNow();
        }
    }

    /** The safety stop, on the vehicle's thread; returns why it failed, or {@code null}. */
    private String stopNow() {
        safety.stopped();
        return vehicle.stop();
    }

    /** What the connector's attempts come to. */
    private final class Outcome implements Connector.Outcome {
        @Override
        public void connecting() {
            condition.connecting();
        }

        @Override
        public String connected() {
            tasks.runHere(vehicle.nonBlocking());
            condition.connected();
            if (!condition.stopOwed()) {
                return null;
            }
            LOG.info("vehicle '{}' is connected again; sending the stop it still owes", spec.id());
            return stopNow(); // until one succeeds it stays failed: it may still be moving
        }

        @Override
        public void failed(String reason) {
            condition.link(VehicleState.FAILED, reason);
        }

        @Override
        public void late() {
            LOG.warn(
                    "vehicle '{}' ({}) returned from connect() after its deadline; it stays failed until selected again",
                    spec.id(),
                    pluginId);
            work.cancelAll();
        }
    }
}
