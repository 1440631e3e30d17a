package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void allowsABurstThenTheSustainedRate() {
        var now = new AtomicLong();
        var bucket = new TokenBucket(10, 3, now::get);
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        now.addAndGet(100_000_000); // 0.1 s refills one token at 10/s
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryAcquire(), "refills up to the burst only");
        }
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void aRateOfZeroMeansNoLimit() {
        var bucket = new TokenBucket(0, 1, () -> 0L);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(bucket.tryAcquire());
        }
    }
}
