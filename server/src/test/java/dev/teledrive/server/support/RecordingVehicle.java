package dev.teledrive.server.support;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test vehicle that writes down what the host asks of it ("up", "drive", "stop", ...), so tests
 * can check ordering and safety stops exactly. {@code boom} throws, as a buggy plugin would;
 * {@code gear} takes one of two choices and is written down with it ("gear:high").
 */
public final class RecordingVehicle implements VehicleProvider, Vehicle {

    public static final String ID = "recorder";
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);
    private VehicleContext context;
    private volatile boolean jammed;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Recorder";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(255)
                .plus(
                        CommandSpec.of("horn", "Horn", CommandKind.ACTION),
                        CommandSpec.of("boom", "Fail", CommandKind.ACTION),
                        CommandSpec.of("hang", "Hang", CommandKind.ACTION),
                        CommandSpec.of("tickfail", "Fail later", CommandKind.ACTION),
                        CommandSpec.of("jam", "Jam the brakes", CommandKind.ACTION),
                        CommandSpec.of(
                                "gear",
                                "Gear",
                                CommandKind.ACTION,
                                ParameterSpec.choice("gear", "Gear", "low", "high")
                                        .optional("low")));
    }

    @Override
    public Vehicle open(VehicleContext context) {
        this.context = context;
        events.add("open");
        return this;
    }

    @Override
    public void accept(Command command) {
        if (command.name().equals("boom")) {
            throw new IllegalStateException("boom, as asked");
        }
        if (command.name().equals("hang")) {
            try {
                unblock.await(); // a plugin stuck on a dead link
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (command.name().equals("jam")) {
            jammed = true; // from now on stop() fails, as a car whose link broke mid-command
        }
        if (command.name().equals("tickfail")) {
            context.scheduler()
                    .schedule(
                            () -> {
                                throw new IllegalStateException("tick failed, as asked");
                            },
                            10,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        // raw carries who sent it in the storm test, so a hand-over shows in the record
        if (command.name().equals("gear")) {
            events.add("gear:" + command.string("gear"));
            return;
        }
        events.add(command.name().equals("raw") ? "raw:" + command.integer("data") : command.name());
    }

    @Override
    public void stop() throws VehicleException {
        events.add("stop");
        if (jammed) {
            throw new VehicleException("the brakes are jammed");
        }
    }

    @Override
    public void close() {
        events.add("close");
    }

    /** Every event not yet taken, oldest first, taking them. */
    public java.util.List<String> drain() {
        var all = new java.util.ArrayList<String>();
        events.drainTo(all);
        return all;
    }

    /** The next event, waiting up to 5 s; {@code null} when none came. */
    public String next() throws InterruptedException {
        return events.poll(5, TimeUnit.SECONDS);
    }

    /** Waits for the given event, skipping others; fails the test when it never comes. */
    public void await(String event) throws InterruptedException {
        String e;
        while ((e = next()) != null) {
            if (e.equals(event)) {
                return;
            }
        }
        throw new AssertionError("vehicle never saw '" + event + "'");
    }

    /** Lets a hung command return. */
    public void unblock() {
        unblock.countDown();
    }

    /** Forgets what happened so far. */
    public void clear() {
        events.clear();
    }
}
