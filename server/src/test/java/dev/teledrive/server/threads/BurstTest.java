package dev.teledrive.server.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstTest {

    private final List<String> events = new ArrayList<>();

    @Test
    void outsideABurstNothingIsDeferred() {
        assertFalse(Burst.defer(() -> events.add("never")));
        Burst.endEarly(); // harmless
        assertEquals(List.of(), events);
    }

    @Test
    void deferredWorkRunsWhenTheTaskEnds() {
        Burst.run(() -> {
            assertTrue(Burst.defer(() -> events.add("reply 1")));
            Burst.defer(() -> events.add("reply 2"));
            events.add("task");
        });
        assertEquals(List.of("task", "reply 1", "reply 2"), events);
        assertFalse(Burst.defer(() -> events.add("never")), "the burst is over");
    }

    @Test
    void endingEarlyRunsWhatWaitsAndKeepsTheBurstOpen() {
        Burst.run(() -> {
            Burst.defer(() -> events.add("reply 1"));
            Burst.endEarly();
            events.add("more input");
            Burst.defer(() -> events.add("reply 2"));
        });
        assertEquals(List.of("reply 1", "more input", "reply 2"), events);
    }

    @Test
    void aNestedTaskBelongsToTheOuterBurst() {
        Burst.run(() -> {
            Burst.run(() -> Burst.defer(() -> events.add("reply")));
            events.add("outer task");
        });
        assertEquals(List.of("outer task", "reply"), events);
    }

    @Test
    void aFailingPieceOfWorkDoesNotStopTheRest() {
        Burst.run(() -> {
            Burst.defer(() -> {
                throw new IllegalStateException("boom (expected in this test)");
            });
            Burst.defer(() -> events.add("reply"));
        });
        assertEquals(List.of("reply"), events);
    }

    @Test
    void aTaskThatThrowsStillRunsItsDeferredWork() {
        try {
            Burst.run(() -> {
                Burst.defer(() -> events.add("reply"));
                throw new IllegalStateException("boom (expected in this test)");
            });
        } catch (IllegalStateException expected) {
            events.add("caught");
        }
        assertEquals(List.of("reply", "caught"), events);
    }
}
