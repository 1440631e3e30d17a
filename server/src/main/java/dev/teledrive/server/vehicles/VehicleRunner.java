package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
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
 * at a time all the same: that saves a thread hand-off per command. Its {@link MotionSafety}
 * stops a timed command when its duration ends and a held command when the driver goes quiet
 * (the dead-man); the server's {@link Watchdog} answers for a plugin that gets stuck.
 *
 * <p>A little over 250 lines on purpose: every call into plugin code (open, connect, accept,
 * stop, close) and what its failure means for the vehicle's state stay side by side.
 */
public final class VehicleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRunner.class);

    private final VehicleSpec spec;
    private final String pluginId;
    private final VehicleProvider provider;
    private final Vocabulary vocabulary;
    private final VehicleTasks tasks;
    private final VehicleContext context;
    private final MotionSafety safety;
    private final Consumer<VehicleRunner> onStateChange;

    /*
     * A stop bumps the generation before it is queued; commands queued earlier see a newer
     * generation when their turn comes and are skipped, so a stop never waits behind them.
     */
    private final AtomicLong generation = new AtomicLong();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile String reason;

    // Touched only by the vehicle's tasks, which run one at a time under its thread's lock.
    private Vehicle vehicle;

    /**
     * @param spec          the vehicle's id and name
     * @param pluginId      the plugin providing it, for logs and the API
     * @param provider      the provider that opens it
     * @param telemetry     where its samples go
     * @param onStateChange told whenever the link state changes, on any thread
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
        this.provider = provider;
        this.vocabulary = provider.vocabulary();
        this.onStateChange = onStateChange;
        var thread = new VehicleThread(spec.id(), this::pluginTaskFailed);
        this.tasks =
                new VehicleTasks(spec.id(), pluginId, thread, setup.commandTimeout(), setup.watchdog(), this::stuck);
        Logger pluginLog = LoggerFactory.getLogger("dev.teledrive.plugin." + pluginId + "." + spec.id());
        this.context = new RunnerContext(
                spec.id(), setup.configuration(), setup.clock(), thread, telemetry, pluginLog, this::setState);
        VehicleTimers timers = setup.timers().of(task -> tasks.submit(task::run), tasks::schedule);
        this.safety = new MotionSafety(spec.id(), setup.nanoTime(), setup.deadman(), timers, () -> stopNow());
        safety.onDeadman(setup.deadmanFired());
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
        return new VehicleStatus(spec.id(), spec.name(), pluginId, state, reason);
    }

    /**
     * Opens the vehicle if needed and connects it; completes when connected, or exceptionally with
     * a {@link VehicleUnavailableException} saying why not. Retrying after a failure opens again.
     */
    public CompletableFuture<Void> connect() {
        return tasks.submit(() -> {
            if (state == ConnectionState.CONNECTED && vehicle != null) {
                return;
            }
            setState(ConnectionState.CONNECTING, null);
            tasks.connecting(true);
            try {
                if (vehicle == null) {
                    vehicle = provider.open(context);
                }
                vehicle.connect();
                tasks.runHere(vehicle.nonBlocking());
                setState(ConnectionState.CONNECTED, null);
            } catch (VehicleException e) {
                LOG.warn("vehicle '{}' ({}) is not available: {}", spec.id(), pluginId, e.getMessage());
                setState(ConnectionState.FAILED, e.getMessage());
                throw new VehicleUnavailableException(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                LOG.error("plugin '{}' failed to open vehicle '{}'", pluginId, spec.id(), e);
                String why = "the " + pluginId + " plugin failed to open '" + spec.id() + "' (" + e
                        + "); see the server log";
                setState(ConnectionState.FAILED, why);
                throw new VehicleUnavailableException(why);
            } finally {
                tasks.connecting(false);
            }
        });
    }

    /**
     * Hands a checked command to the vehicle and arms its safety timer. {@code whenDone} is told
     * exactly once, normally on the vehicle's thread: {@code null} once the vehicle accepted the
     * command (a stop always counts as accepted), a {@link VehicleUnavailableException} when the
     * vehicle is not connected, refused, or did not answer within the command timeout, or the
     * plugin's own exception when it failed. A callback rather than a returned future keeps the
     * reply on the vehicle's thread, where replies to a burst of commands are written together.
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
        if (kind == CommandKind.STOP) {
            stop(whenDone, true);
            return;
        }
        long queuedAt = admittedAt;
        tasks.submit(
                () -> {
                    if (generation.get() != queuedAt) {
                        return; // a stop overtook it: the command is void, which is what the driver asked
                    }
                    Vehicle v = requireConnected();
                    try {
                        v.accept(command);
                    } catch (VehicleException e) {
                        throw new VehicleUnavailableException(e.getMessage());
                    } catch (RuntimeException | LinkageError e) {
                        LOG.error(
                                "plugin '{}' failed on '{}' for vehicle '{}'; stopping it",
                                pluginId,
                                command.name(),
                                spec.id(),
                                e);
                        stopNow();
                        setState(
                                ConnectionState.FAILED,
                                "the " + pluginId + " plugin failed on '" + command.name() + "' (" + e
                                        + "); select the vehicle again to retry, or choose another");
                        throw e;
                    }
                    switch (kind) {
                        case TIMED -> safety.timed(command.duration());
                        case HELD -> safety.held();
                        default -> {}
                    }
                },
                whenDone,
                true);
    }

    /** The watchdog found the plugin stuck in a task. */
    private void stuck(String why) {
        LOG.error("plugin '{}': {}", pluginId, why);
        setState(ConnectionState.FAILED, why);
    }

    /** One of the plugin's own scheduled tasks threw (the executor would cancel it silently). */
    private void pluginTaskFailed(Throwable failure) {
        LOG.error("plugin '{}' failed in a task of vehicle '{}'; stopping it", pluginId, spec.id(), failure);
        stopNow();
        setState(ConnectionState.FAILED, "the " + pluginId + " plugin failed (" + failure + "); see the server log");
    }

    /**
     * Stops the vehicle ahead of any command still queued. Always completes normally: a vehicle
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

    /** Stops and closes the vehicle and ends its thread. */
    @Override
    public void close() {
        stop();
        CompletableFuture<Void> closed = tasks.submit(() -> {
            if (vehicle != null) {
                try {
                    vehicle.close();
                } catch (RuntimeException e) {
                    LOG.warn("plugin '{}' failed to close vehicle '{}'", pluginId, spec.id(), e);
                }
                vehicle = null;
            }
            tasks.runHere(false);
            setState(ConnectionState.DISCONNECTED, null);
        });
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vehicle '{}' did not close within 2 s; abandoning its thread", spec.id());
        }
        tasks.close();
    }

    private Vehicle requireConnected() throws VehicleUnavailableException {
        if (vehicle == null || state != ConnectionState.CONNECTED) {
            String why = reason != null ? reason : "it is " + state.name().toLowerCase(java.util.Locale.ROOT);
            throw new VehicleUnavailableException("vehicle '" + spec.id() + "' is not connected: " + why);
        }
        return vehicle;
    }

    /**
     * Stops the vehicle now, on its thread. A vehicle that refuses is marked failed, so every
     * client sees it, and the reason is returned.
     *
     * @return {@code null} once stopped (or with nothing to stop), else why it could not be
     */
    private String stopNow() {
        safety.stopped();
        if (vehicle == null) {
            return null;
        }
        try {
            vehicle.stop();
            return null;
        } catch (VehicleException | RuntimeException e) {
            LOG.error("vehicle '{}' ({}) could not be stopped: {}", spec.id(), pluginId, e.getMessage(), e);
            String why = "vehicle '" + spec.id() + "' did not stop (" + e.getMessage()
                    + "): it may still be moving; switch it off or check its link";
            setState(ConnectionState.FAILED, why);
            return why;
        }
    }

    private void setState(ConnectionState newState, String newReason) {
        boolean changed = newState != state || !java.util.Objects.equals(newReason, reason);
        reason = newReason;
        state = newState;
        if (changed) {
            onStateChange.accept(this);
        }
    }
}
