package dev.teledrive.server.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void namedThreadsAreDaemonsThatBearTheName() {
        Thread t = DaemonThreads.named("vehicle-simulator").newThread(() -> {});
        assertEquals("vehicle-simulator", t.getName());
        assertTrue(t.isDaemon());
    }

    @Test
    void backgroundThreadsAreNamedDaemonsThatRunTheirTask() throws Exception {
        var ran = new CompletableFuture<String>();
        Thread t = DaemonThreads.background("telemetry-fanout")
                .newThread(() -> ran.complete(Thread.currentThread().getName()));
        assertTrue(t.isDaemon());
        t.start();
        assertEquals("telemetry-fanout", ran.get(10, TimeUnit.SECONDS));
    }
}
