package dev.teledrive.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One driver, one command in flight: send with an id, wait for its ack, send the next. The next
 * command leaves from the thread that read the ack, so the client adds no thread hand-off.
 */
final class RttBench {

    private final BenchClient client;

    RttBench(BenchClient client) {
        this.client = client;
    }

    /**
     * Runs until {@code n} commands were acked after a warm-up, or until {@code limit} passed,
     * whichever comes first.
     */
    Map<String, Object> run(long n, Duration limit) throws Exception {
        BenchSocket driver = client.openDriver();
        try {
            return run(driver, n, limit);
        } finally {
            driver.close();
        }
    }

    /** The same on a connection that already holds the seat. */
    static Map<String, Object> run(BenchSocket driver, long n, Duration limit) throws InterruptedException {
        long warm = Math.min(2000, n / 5);
        // A short run on a slow machine must still measure: the warm-up also ends after a fifth of it.
        long warmUntil = System.nanoTime() + limit.toNanos() / 5;
        boolean[] warming = {true};
        var latency = new Latency();
        var done = new CountDownLatch(1);
        AtomicLong errors = new AtomicLong();
        long[] sentAt = new long[1];
        long[] next = {0};
        long deadline = System.nanoTime() + limit.toNanos();
        long[] measuredFrom = new long[1];
        driver.onText(text -> {
            Replies.Reply r = Replies.parse(text);
            if (r == null || !Long.toString(next[0]).equals(r.id())) {
                return;
            }
            long now = System.nanoTime();
            if (!r.ack()) {
                errors.incrementAndGet();
            }
            if (warming[0] && (next[0] >= warm - 1 || now - warmUntil >= 0)) {
                warming[0] = false;
                measuredFrom[0] = now;
            } else if (!warming[0]) {
                latency.recordNanos(now - sentAt[0]);
            }
            if (latency.count() >= n || now > deadline) {
                done.countDown();
                return;
            }
            next[0]++;
            sentAt[0] = System.nanoTime();
            driver.send(Commands.drive(next[0]));
        });
        measuredFrom[0] = System.nanoTime();
        sentAt[0] = System.nanoTime();
        driver.send(Commands.drive(0));
        if (!done.await(limit.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no ack for command " + next[0] + ": the server stopped answering");
        }
        double seconds = (System.nanoTime() - measuredFrom[0]) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("n", latency.count());
        result.put("errors", errors.get());
        latency.putInto(result, "");
        result.put("msgs_per_s", Math.round(latency.count() / seconds));
        return result;
    }
}
