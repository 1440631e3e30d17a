package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the encoder, for people rather than for the build: how long from a JPEG handed to {@link
 * H264Encoder#encode} to its access unit published, and how much CPU ffmpeg takes, at 30 fps of
 * 640x480. Run it with {@code -Dteledrive.measure=true -Dtest=FfmpegH264EncoderLatencyTest}.
 */
@EnabledIfSystemProperty(named = "teledrive.measure", matches = "true")
class FfmpegH264EncoderLatencyTest {

    private static final int FRAMES = 600;

    @Test
    void latencyAndCpuAtThirtyFramesASecond() throws Exception {
        List<byte[]> pictures = TestJpegs.pictures(30);
        Map<Instant, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[FRAMES];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        var factory = new FfmpegH264EncoderFactory();
        var encoder = (FfmpegH264Encoder) factory.start(
                "measure",
                frame -> {
                    long now = System.nanoTime();
                    Long sent = sentAt.remove(frame.captured());
                    int n = received.getAndIncrement();
                    if (sent != null && n < FRAMES) {
                        latencies[n] = now - sent;
                    }
                    if (n + 1 >= FRAMES) {
                        done.countDown();
                    }
                },
                failure -> {});
        ScheduledExecutorService camera = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        try {
            camera.scheduleAtFixedRate(
                    () -> {
                        int i = sent.getAndIncrement();
                        Instant captured = start.plus(TestJpegs.INTERVAL.multipliedBy(i));
                        sentAt.put(captured, System.nanoTime());
                        encoder.encode(VideoFrame.jpeg(pictures.get(i % pictures.size()), captured, 640, 480));
                    },
                    0,
                    TestJpegs.INTERVAL.toNanos(),
                    TimeUnit.NANOSECONDS);
            done.await(FRAMES / 30 * 3L + 30, TimeUnit.SECONDS);
            camera.shutdownNow();
            Duration cpu = encoder.process().info().totalCpuDuration().orElseThrow();
            long wallNanos = System.nanoTime() - startNanos;
            int n = Math.min(received.get(), FRAMES);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf(
                    "H.264 encoder, %d frames of 640x480 at 30 fps: sent %d, dropped %d, published %d;"
                            + " latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (first %.1f ms);"
                            + " ffmpeg CPU %.0f%% of one core%n",
                    FRAMES,
                    sent.get(),
                    encoder.dropped(),
                    received.get(),
                    sorted[n / 2] / 1e6,
                    sorted[n * 9 / 10] / 1e6,
                    sorted[n * 99 / 100] / 1e6,
                    sorted[n - 1] / 1e6,
                    latencies[0] / 1e6,
                    100.0 * cpu.toNanos() / wallNanos);
            assertTrue(n > 0);
        } finally {
            camera.shutdownNow();
            encoder.close();
        }
    }
}
