package dev.teledrive.server.threads;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the server's own that never hold up the JVM's exit, each named for thread dumps and
 * logs. The server stops them itself when it closes; should it not, they die with it.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Makes daemon threads that all bear this name. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Like {@link #named}, but each thread first lowers its own CPU priority ({@link
     * BackgroundPriority}): for work that must never delay the driver's commands.
     */
    public static ThreadFactory background(String name) {
        ThreadFactory named = named(name);
        return task -> named.newThread(() -> {
            BackgroundPriority.lowerCurrentThread();
            task.run();
        });
    }
}
