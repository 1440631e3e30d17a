package dev.teledrive.server.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    @Test
    void onLinuxTheCallingThreadAndOnlyItRunsAtTheLowerPriority() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        int before = niceOfThisThread();
        var lowered = new CompletableFuture<Integer>();
        Thread background = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread();
            lowered.complete(niceOfThisThread());
        });
        background.start();
        int nice = lowered.get(10, TimeUnit.SECONDS);
        assertTrue(nice >= BackgroundPriority.NICE, "nice " + nice);
        assertEquals(before, niceOfThisThread(), "other threads keep theirs");
    }

    /** Field 19 of /proc/thread-self/stat, counted after the command name in parentheses. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
