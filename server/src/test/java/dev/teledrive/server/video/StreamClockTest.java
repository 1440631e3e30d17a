package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamClockTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void timesAreMillisecondsSinceTheFirstPictureAndAlwaysIncrease() {
        var clock = new StreamClock();

        List<Long> times = List.of(
                        START,
                        START.plusNanos(33_400_000),
                        START.plusNanos(33_900_000), // the same millisecond: moved one on
                        START.plusMillis(10), // earlier than the last: moved one on
                        START.minusMillis(10), // earlier than the first: likewise
                        START.plusMillis(1000))
                .stream()
                .map(clock::next)
                .toList();

        assertEquals(List.of(0L, 33L, 34L, 35L, 36L, 1000L), times);
    }
}
