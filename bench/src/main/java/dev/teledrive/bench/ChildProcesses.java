package dev.teledrive.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The end of a child JVM the benchmark started: a child that outlived its run would spoil the next one. */
final class ChildProcesses {

    private ChildProcesses() {}

    /** Waits for the child, asked to leave already, to exit; kills it when it does not within the limit. */
    static void awaitOrKill(Process child, Duration limit) {
        try {
            if (!child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
