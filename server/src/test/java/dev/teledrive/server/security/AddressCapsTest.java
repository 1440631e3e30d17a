package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AddressCapsTest {

    @Test
    void bothCapsHoldAndAReleaseMakesRoom() {
        var caps = new AddressCaps(3, 2);
        assertNull(caps.tryAcquire("a"));
        assertNull(caps.tryAcquire("a"));
        assertEquals(AddressCaps.Refusal.ADDRESS_FULL, caps.tryAcquire("a"));
        assertNull(caps.tryAcquire("b"));
        assertEquals(AddressCaps.Refusal.FULL, caps.tryAcquire("c"));
        caps.release("a");
        assertNull(caps.tryAcquire("c"));
        assertEquals(3, caps.count());
        assertEquals(1, caps.countFrom("a"));
    }

    @Test
    void aBurstFromManyThreadsNeverOvershoots() throws Exception {
        var caps = new AddressCaps(0, 20);
        var admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1_000; i++) {
            pool.execute(() -> {
                if (caps.tryAcquire("a") == null) {
                    admitted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        assertEquals(20, admitted.get());
        assertEquals(20, caps.countFrom("a"));
    }

    @Test
    void releasingWhatWasNeverCountedIsABug() {
        assertThrows(IllegalStateException.class, () -> new AddressCaps(0, 0).release("a"));
    }
}
