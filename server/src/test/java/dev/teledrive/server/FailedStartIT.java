package dev.teledrive.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A start that fails at any stage stops what it started: no thread and no open port is left. */
class FailedStartIT {

    @TempDir
    Path tmp;

    static Iterable<String> stages() {
        return Teledrive.STAGES;
    }

    @ParameterizedTest
    @MethodSource("stages")
    void aStartThatFailsLeavesNothingBehind(String failing) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestServer.copySimulator(plugins);
        int port = freePort();
        Set<String> before = threadNames();
        var forced = new IllegalStateException("forced failure after " + failing);
        var thrown = assertThrows(
                IllegalStateException.class,
                () -> Teledrive.builder(new MapConfiguration(Map.of(
                                "port", Integer.toString(port), "plugins", plugins.toString(), "legacyPort", "0")))
                        .afterStage(stage -> {
                            if (stage.equals(failing)) {
                                throw forced;
                            }
                        })
                        .start());
        assertEquals(forced, thrown);
        assertTrue(portIsFree(port), "the port is free again after a failure at " + failing);
        Set<String> left = awaitThreadsGone(before);
        assertEquals(Set.of(), left, "threads left after a failure at " + failing);
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** Threads end a moment after they are told to: join each new one of ours, briefly, and name those still alive. */
    private static Set<String> awaitThreadsGone(Set<String> before) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t.getName()) && ours(t.getName())) {
                t.join(2_000);
            }
        }
        return threadNames().stream()
                .filter(n -> !before.contains(n))
                .filter(FailedStartIT::ours)
                .collect(Collectors.toSet());
    }

    /** Threads the server makes (the JVM's and the test runner's own come and go by themselves). */
    private static boolean ours(String name) {
        return name.startsWith("vehicle-")
                || name.startsWith("http")
                || name.startsWith("telemetry")
                || name.startsWith("plugin-")
                || name.startsWith("class-archive")
                || name.startsWith("Scheduler")
                || name.startsWith("qtp");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (var socket = new ServerSocket(port)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
