package dev.teledrive.server.threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU priority, so that when the cores are busy the scheduler runs the
 * control path (a driver's command and its ack) ahead of this thread's work. On two cores shared
 * with 2,000 spectators this cut the driver's p99 from about 8 ms to 1-4 ms (docs/performance.md),
 * while the spectators still got every tick: the thread keeps all the CPU nobody else wants.
 *
 * <p>Linux only, where each thread has a nice value of its own and raising it needs no privilege.
 * Java has no call for it, so {@code renice} does it once; elsewhere, or without {@code renice},
 * the thread keeps its priority.
 */
final class BackgroundPriority {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    /** The least nice value: at 10 a thread weighs a tenth of a normal one when both want the CPU. */
    static final int NICE = 10;

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {}

    static void lowerCurrentThread() {
        if (!Files.isSymbolicLink(THREAD_SELF)) {
            return;
        }
        try {
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString(); // "pid/task/tid"
            // renice -n sets 10 (util-linux before 2.39) or adds 10 (later, as POSIX says): at least 10 either way.
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                LOG.debug(
                        "renice did not lower the priority of thread {}",
                        Thread.currentThread().getName());
            }
        } catch (IOException e) {
            LOG.debug(
                    "cannot lower the priority of thread {}: {}",
                    Thread.currentThread().getName(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
