package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vehicle and the single thread it lives on (an actor). Commands, stops, timers and the
 * plugin's own ticks all run on that thread, so plugin code needs no locks and a slow link never
 * stalls a WebSocket thread. A vehicle whose calls never block ({@code Vehicle.nonBlocking()})
 * also has its commands run on the thread that read them while its own thread is idle, one task
 * at a time all the same: that saves a thread hand-off per command. The runner owns motion
 * safety: it stops a timed command when its duration ends and a held command when the driver
 * goes quiet (the dead-man).
 */
public final class VehicleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRunner.class);
    /**
     * One thread watches every vehicle for a stuck plugin: far cheaper than a timeout armed and
     * cancelled for each command, which cost a tenth of the drive path.
     */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vehicle-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final VehicleSpec spec;
    private final String pluginId;
    private final VehicleProvider provider;
    private final Vocabulary vocabulary;
    private final Duration deadman;
    private final Duration commandTimeout;
    private final VehicleThread actor;
    private final VehicleContext context;
    private final Consumer<VehicleRunner> onStateChange;

    /*
     * A stop bumps the generation before it is queued; commands queued earlier see a newer
     * generation when their turn comes and are skipped, so a stop never waits behind them.
     */
    private final AtomicLong generation = new AtomicLong();
    /** Tasks queued or running, oldest first: the watchdog answers them if the thread gets stuck. */
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledFuture<?> watchdog;
    private long stuckSince = VehicleThread.IDLE; // read and written by the watchdog only
    private volatile boolean connecting;
    /** The vehicle said its calls never block: its commands may run on the thread that read them. */
    private volatile boolean nonBlocking;
    private volatile long deadmanDeadline;
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile String reason;

    // Touched only by the vehicle's tasks, which run one at a time under its thread's lock.
    private Vehicle vehicle;
    private CommandKind motion;
    private ScheduledFuture<?> motionTimer;

    /**
     * @param spec          the vehicle's id and name
     * @param pluginId      the plugin providing it, for logs and the API
     * @param provider      the provider that opens it
     * @param configuration the host configuration handed to the plugin
     * @param clock         the plugin's time source
     * @param telemetry     where its samples go
     * @param deadman       how long a held command lasts without word from the driver
     * @param commandTimeout how long the plugin may take over a command before it counts as stuck
     * @param onStateChange told whenever the link state changes, on any thread
     */
    public VehicleRunner(VehicleSpec spec, String pluginId, VehicleProvider provider, Configuration configuration,
                         Clock clock, TelemetrySink telemetry, Duration deadman, Duration commandTimeout,
                         Consumer<VehicleRunner> onStateChange) {
        this.spec = spec;
        this.pluginId = pluginId;
        this.provider = provider;
        this.vocabulary = provider.vocabulary();
        this.deadman = deadman;
        this.commandTimeout = commandTimeout;
        this.onStateChange = onStateChange;
        this.actor = new VehicleThread(spec.id(), this::pluginTaskFailed);
        Logger pluginLog = LoggerFactory.getLogger("dev.teledrive.plugin." + pluginId + "." + spec.id());
        this.context = new RunnerContext(spec.id(), configuration, clock, actor, telemetry, pluginLog, this::setState);
        long period = Math.max(10, commandTimeout.toMillis() / 4);
        this.watchdog = WATCHDOG.scheduleAtFixedRate(this::checkStuck, period, period, TimeUnit.MILLISECONDS);
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
        return submit(() -> {
            if (state == ConnectionState.CONNECTED && vehicle != null) {
                return;
            }
            setState(ConnectionState.CONNECTING, null);
            connecting = true; // a radio link may take seconds to open: not a stuck plugin
            try {
                if (vehicle == null) {
                    vehicle = provider.open(context);
                }
                vehicle.connect();
                nonBlocking = vehicle.nonBlocking();
                setState(ConnectionState.CONNECTED, null);
            } catch (VehicleException e) {
                LOG.warn("vehicle '{}' ({}) is not available: {}", spec.id(), pluginId, e.getMessage());
                setState(ConnectionState.FAILED, e.getMessage());
                throw new VehicleUnavailableException(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                LOG.error("plugin '{}' failed to open vehicle '{}'", pluginId, spec.id(), e);
                String why = "the " + pluginId + " plugin failed to open '" + spec.id() + "' (" + e + "); see the server log";
                setState(ConnectionState.FAILED, why);
                throw new VehicleUnavailableException(why);
            } finally {
                connecting = false;
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
        if (kind == CommandKind.STOP) {
            stop(whenDone, true);
            return;
        }
        long queuedAt = generation.get();
        submit(() -> {
            if (generation.get() != queuedAt) {
                return; // a stop overtook it: the command is void, which is what the driver asked
            }
            Vehicle v = requireConnected();
            try {
                v.accept(command);
            } catch (VehicleException e) {
                throw new VehicleUnavailableException(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                LOG.error("plugin '{}' failed on '{}' for vehicle '{}'; stopping it", pluginId, command.name(), spec.id(), e);
                stopNow();
                setState(ConnectionState.FAILED, "the " + pluginId + " plugin failed on '" + command.name() + "' (" + e
                        + "); select the vehicle again to retry, or choose another");
                throw e;
            }
            switch (kind) {
                case TIMED -> armTimedStop(command.duration());
                case HELD -> armDeadman();
                default -> { }
            }
        }, whenDone, true);
    }

    /**
     * The watchdog's look at the vehicle thread: a task (a command, or the plugin's own; opening
     * the link may take longer) that has run longer than the command timeout means the plugin is
     * stuck. The vehicle is marked failed and every command still waiting is answered, so no
     * driver waits for an ack that never comes.
     */
    private void checkStuck() {
        long since = actor.busySince();
        if (since == VehicleThread.IDLE || connecting || System.nanoTime() - since < commandTimeout.toNanos()) {
            return;
        }
        String why = "vehicle '" + spec.id() + "' did not answer within " + commandTimeout.toMillis()
                + " ms; its plugin (" + pluginId + ") may be stuck: choose another vehicle";
        if (since != stuckSince) {
            stuckSince = since;
            LOG.error("plugin '{}': {}", pluginId, why);
            actor.endBurst(); // replies to the commands before the stuck one still go out
            setState(ConnectionState.FAILED, why);
        }
        // Commands that keep arriving while it stays stuck are answered on the next look.
        for (Pending p; (p = pending.poll()) != null; ) {
            p.finish(new VehicleUnavailableException(why));
        }
    }

    /** One of the plugin's own scheduled tasks threw (the executor would cancel it silently). */
    private void pluginTaskFailed(Throwable failure) {
        LOG.error("plugin '{}' failed in a task of vehicle '{}'; stopping it", pluginId, spec.id(), failure);
        stopNow();
        setState(ConnectionState.FAILED, "the " + pluginId + " plugin failed (" + failure + "); see the server log");
    }

    /** Stops the vehicle ahead of any command still queued. Always completes normally. */
    public CompletableFuture<Void> stop() {
        var done = new CompletableFuture<Void>();
        stop(failure -> done.complete(null), false);
        return done;
    }

    /** Voids every command queued before it, then stops; {@code whenDone} always hears success. */
    private void stop(Consumer<Throwable> whenDone, boolean mayRunHere) {
        generation.incrementAndGet();
        submit(this::stopNow, failure -> whenDone.accept(null), mayRunHere);
    }

    /** Word from the driver: a held command lives on for another dead-man period. */
    public void driverActivity() {
        deadmanDeadline = System.nanoTime() + deadman.toNanos();
    }

    /** Stops and closes the vehicle and ends its thread. */
    @Override
    public void close() {
        stop();
        CompletableFuture<Void> closed = submit(() -> {
            if (vehicle != null) {
                try {
                    vehicle.close();
                } catch (RuntimeException e) {
                    LOG.warn("plugin '{}' failed to close vehicle '{}'", pluginId, spec.id(), e);
                }
                vehicle = null;
            }
            nonBlocking = false;
            setState(ConnectionState.DISCONNECTED, null);
        });
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vehicle '{}' did not close within 2 s; abandoning its thread", spec.id());
        }
        watchdog.cancel(false);
        actor.shutdownNow();
    }

    private Vehicle requireConnected() throws VehicleUnavailableException {
        if (vehicle == null || state != ConnectionState.CONNECTED) {
            String why = reason != null ? reason : "it is " + state.name().toLowerCase(java.util.Locale.ROOT);
            throw new VehicleUnavailableException("vehicle '" + spec.id() + "' is not connected: " + why);
        }
        return vehicle;
    }

    private void armTimedStop(Duration duration) {
        cancelTimer();
        motion = CommandKind.TIMED;
        Duration d = duration == null ? Duration.ZERO : duration;
        motionTimer = actor.schedule(() -> {
            if (motion == CommandKind.TIMED) {
                stopNow();
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void armDeadman() {
        driverActivity();
        if (motion == CommandKind.HELD && motionTimer != null && !motionTimer.isDone()) {
            return; // the pending check reads the new deadline
        }
        cancelTimer();
        motion = CommandKind.HELD;
        scheduleDeadmanCheck(deadman.toNanos());
    }

    private void scheduleDeadmanCheck(long delayNanos) {
        motionTimer = actor.schedule(() -> {
            if (motion != CommandKind.HELD) {
                return;
            }
            long left = deadmanDeadline - System.nanoTime();
            if (left > 0) {
                scheduleDeadmanCheck(left);
            } else {
                LOG.info("dead-man: no word from the driver for {} ms, stopping '{}'", deadman.toMillis(), spec.id());
                stopNow();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void stopNow() {
        cancelTimer();
        motion = null;
        if (vehicle == null) {
            return;
        }
        try {
            vehicle.stop();
        } catch (VehicleException | RuntimeException e) {
            LOG.error("vehicle '{}' ({}) could not be stopped: {}", spec.id(), pluginId, e.getMessage(), e);
        }
    }

    private void cancelTimer() {
        if (motionTimer != null) {
            motionTimer.cancel(false);
            motionTimer = null;
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

    private CompletableFuture<Void> submit(Task task) {
        var done = new CompletableFuture<Void>();
        submit(task, failure -> {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }, false);
        return done;
    }

    /**
     * Runs a task for the vehicle and tells {@code whenDone} how it went, exactly once. A command
     * for a vehicle whose calls never block runs on the caller's thread when the vehicle's
     * thread has nothing to do first ({@code mayRunHere}); everything else queues on that thread.
     */
    private void submit(Task task, Consumer<Throwable> whenDone, boolean mayRunHere) {
        var p = new Pending(whenDone);
        Runnable run = () -> {
            Throwable failure = null;
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
            pending.remove(p);
            p.finish(failure);
        };
        pending.add(p);
        if (mayRunHere && nonBlocking && actor.runHere(run)) {
            return;
        }
        try {
            actor.enqueue(run);
        } catch (RejectedExecutionException e) {
            pending.remove(p);
            p.finish(new VehicleUnavailableException("vehicle '" + spec.id() + "' has been closed"));
        }
    }

    /** A task's outcome, told once: by the vehicle's thread, or by the watchdog if that thread is stuck. */
    private static final class Pending {
        private final Consumer<Throwable> whenDone;
        private final AtomicBoolean told = new AtomicBoolean();

        Pending(Consumer<Throwable> whenDone) {
            this.whenDone = whenDone;
        }

        void finish(Throwable failure) {
            if (told.compareAndSet(false, true)) {
                whenDone.accept(failure);
            }
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }
}
