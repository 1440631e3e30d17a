package dev.teledrive.server.threads;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work put off until the calling thread's current burst ends, so that the replies to several
 * commands leave in one write instead of one system call each. A burst is a vehicle thread's run
 * of ready tasks, or the handling of one read from the network, which may carry many commands.
 *
 * <p>Outside a burst nothing is deferred: the caller does the work at once.
 */
public final class Burst {

    private static final Logger LOG = LoggerFactory.getLogger(Burst.class);
    private static final ThreadLocal<Burst> CURRENT = new ThreadLocal<>();

    private final List<Runnable> deferred = new ArrayList<>(); // guarded by itself
    /** Whether work may be deferred now; only the owning thread reads or writes it. */
    private boolean open;

    /**
     * Runs {@code work} when the calling thread's burst ends and returns {@code true}; outside
     * a burst returns {@code false} and leaves the work to the caller.
     */
    public static boolean defer(Runnable work) {
        Burst burst = CURRENT.get();
        if (burst == null || !burst.open) {
            return false;
        }
        synchronized (burst.deferred) {
            burst.deferred.add(work);
        }
        return true;
    }

    /**
     * Runs {@code task} on the calling thread as one burst, then the work it deferred. Inside a
     * burst already, it just runs the task: the outer burst's end covers it.
     */
    public static void run(Runnable task) {
        Burst burst = CURRENT.get();
        if (burst == null) {
            burst = new Burst();
            CURRENT.set(burst);
        } else if (burst.open) {
            task.run();
            return;
        }
        burst.open = true;
        try {
            task.run();
        } finally {
            burst.open = false;
            burst.end();
        }
    }

    /**
     * Runs the work deferred so far in the calling thread's burst, which stays open: for a
     * point inside a burst after which nothing more comes soon, such as a read that found no data.
     */
    public static void endEarly() {
        Burst burst = CURRENT.get();
        if (burst != null && burst.open) {
            burst.end();
        }
    }

    /**
     * Makes this the calling thread's burst for good, always open: for a thread that marks the
     * ends of its bursts itself by calling {@link #end}.
     */
    public void adopt() {
        if (CURRENT.get() != this) {
            open = true;
            CURRENT.set(this);
        }
    }

    /**
     * Runs the deferred work now. Normally the owning thread does so when its burst ends; a
     * watchdog may call it from outside when that thread hangs, so replies already made still go out.
     */
    public void end() {
        List<Runnable> work;
        synchronized (deferred) {
            if (deferred.isEmpty()) {
                return;
            }
            work = List.copyOf(deferred);
            deferred.clear();
        }
        for (Runnable r : work) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("work deferred to the end of a burst failed", e);
            }
        }
    }
}
