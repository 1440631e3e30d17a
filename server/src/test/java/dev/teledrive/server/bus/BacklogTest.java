package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BacklogTest {

    private final AtomicLong written = new AtomicLong(1_000); // jnats's bytes out, already under way
    private final Backlog backlog = new Backlog(written::get);

    @Test
    void whatWasHandedWaitsUntilTheWriterTakesIt() {
        backlog.handed(40_000);
        backlog.handed(30_000);
        assertEquals(70_000, backlog.pending());
        written.addAndGet(40_000 + 30); // the first message and its control line
        assertEquals(29_970, backlog.pending(), "errs low by the control line, never high");
        written.addAndGet(30_000 + 30);
        assertEquals(0, backlog.pending());
    }

    @Test
    void jnatsOwnMessagesNeverLetTheCountCreepUp() {
        for (int i = 0; i < 1_000; i++) {
            backlog.handed(100);
            written.addAndGet(6); // a PING jnats sent between our messages
            written.addAndGet(100 + 20);
            backlog.pending();
        }
        assertEquals(0, backlog.pending(), "nothing waits, after 1,000 messages and as many PINGs");
        backlog.handed(5_000);
        assertEquals(5_000, backlog.pending(), "and the next message is counted in full");
    }

    @Test
    void aMessageTakenBeforeTheReadingIsNeverCountedTwice() {
        backlog.handed(500);
        written.addAndGet(520); // taken at once, before anyone asked
        assertEquals(0, backlog.pending());
        assertEquals(0, backlog.pending());
    }

    @Test
    void aRefusedMessageLeavesNothingOwed() {
        backlog.handed(2_000);
        backlog.refused(2_000);
        assertEquals(0, backlog.pending());
    }

    @Test
    void whatWaitsForAReconnectStaysCountedUntilItIsWritten() {
        backlog.handed(50_000);
        for (int i = 0; i < 10; i++) {
            assertEquals(50_000, backlog.pending(), "NATS is away: nothing is written");
        }
        written.addAndGet(50_100);
        assertEquals(0, backlog.pending());
    }
}
