package dev.teledrive.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one server, stopped in the reverse order of their start by one piece of
 * code, whether the start failed half-way or the server shuts down: nothing a failed start made
 * (a thread, a port, a loaded plugin) outlives it.
 */
final class Lifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** A step of the way down: a component to close, or an action such as stopping every vehicle. */
    private record Step(String name, AutoCloseable action) {}

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean closed;

    /** Adds a started component, to be closed before everything added earlier. */
    synchronized <T extends AutoCloseable> T add(String name, T component) {
        if (component != null) {
            steps.push(new Step(name, component));
        }
        return component;
    }

    /** Adds an action to run on the way down, before everything added earlier. */
    synchronized void onClose(String name, Runnable action) {
        steps.push(new Step(name, action::run));
    }

    /** Closes everything, last added first; a step that fails is logged and the rest still run. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.action().close();
            } catch (Exception | LinkageError e) {
                LOG.warn("stopping {} failed: {}", step.name(), e.toString(), e);
            }
        }
    }
}
