package dev.teledrive.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One driver keeps a window of commands in flight; each ack lets the next one go. */
final class PipelineBench {

    private final BenchClient client;

    PipelineBench(BenchClient client) {
        this.client = client;
    }

    Map<String, Object> run(int window, Duration duration) throws Exception {
        BenchSocket driver = client.openDriver();
        var sentAt = new ConcurrentHashMap<String, Long>();
        var latency = new Latency();
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong overtaken = new AtomicLong();
        AtomicLong next = new AtomicLong();
        var drained = new CountDownLatch(1);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        driver.onText(text -> {
            Replies.Reply r = Replies.parse(text);
            Long t = r == null ? null : sentAt.remove(r.id());
            if (t == null) {
                return;
            }
            long now = System.nanoTime();
            latency.recordNanos(now - t);
            (r.ack() ? acked : Replies.overtaken(text) ? overtaken : errors).incrementAndGet();
            if (now < end) {
                send(driver, sentAt, next.getAndIncrement());
            } else if (sentAt.isEmpty()) {
                drained.countDown();
            }
        });
        for (int i = 0; i < window; i++) {
            send(driver, sentAt, next.getAndIncrement());
        }
        boolean finished = drained.await(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        driver.close();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("window", window);
        result.put("seconds", duration.toSeconds());
        result.put("errors", errors.get());
        result.put("overtaken", overtaken.get()); // ups a following stop voided: answered, never run
        result.put("unanswered", finished ? 0 : sentAt.size());
        result.put("acked_per_s", Math.round(acked.get() / seconds));
        latency.putInto(result, "");
        return result;
    }

    private static void send(BenchSocket driver, Map<String, Long> sentAt, long id) {
        sentAt.put(Long.toString(id), System.nanoTime());
        driver.send(Commands.drive(id));
    }
}
