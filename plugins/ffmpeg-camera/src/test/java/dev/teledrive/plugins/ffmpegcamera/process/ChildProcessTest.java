package dev.teledrive.plugins.ffmpegcamera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Ending a child for certain, even one that ignores SIGTERM or has children of its own. */
class ChildProcessTest {

    @Test
    void endsTheChildAndWhatItStarted() throws Exception {
        var child = ChildProcess.start(List.of("sh", "-c", "sleep 300 & sleep 300 & wait"));
        await(() -> ProcessHandle.of(child.pid()).orElseThrow().descendants().count() == 2);
        var family = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
        assertTrue(child.end(Duration.ofSeconds(5)));
        assertTrue(family.stream().noneMatch(ProcessHandle::isAlive), family.toString());
        assertTrue(ProcessHandle.of(child.pid()).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void killsAChildThatIgnoresSigterm() throws Exception {
        var child = ChildProcess.start(List.of("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done"));
        assertEquals('r', child.stdout().read(), "the trap is set before we end it");
        assertTrue(child.end(Duration.ofMillis(300)));
        assertTrue(ProcessHandle.of(child.pid()).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void theTailKeepsTheLastLines() throws Exception {
        var child = ChildProcess.start(
                List.of("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i >&2; done"));
        var tail = new StderrTail(child.stderr(), LoggerFactory.getLogger(ChildProcessTest.class));
        tail.run();
        assertEquals(0, child.waitFor());
        assertEquals(10, tail.lines().size());
        assertEquals("line 3", tail.lines().get(0));
        assertEquals("line 12", tail.lastLine().orElseThrow());
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(condition::getAsBoolean);
    }
}
