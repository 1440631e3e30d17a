package dev.teledrive.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Video viewers of one camera that read as fast as frames come, and one more on a slow link: how
 * many frames each gets and how old they are on arrival.
 */
final class Viewers implements Crowd {

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-video-pacer");
        t.setDaemon(true);
        return t;
    });
    private final Latency crowdAge = new Latency();
    private final Latency slowAge = new Latency();
    private final List<VideoViewer> crowd = new ArrayList<>();
    private final VideoViewer slow;
    private final long slowBytesPerSecond;

    /**
     * @param watch              the watch message each viewer sends
     * @param count              viewers at full speed
     * @param slowBytesPerSecond the slow viewer's reading rate
     */
    Viewers(BenchClient client, String watch, int count, long slowBytesPerSecond) throws Exception {
        this.slowBytesPerSecond = slowBytesPerSecond;
        for (int i = 0; i < count; i++) {
            crowd.add(open(client, new VideoViewer(watch, crowdAge)));
        }
        slow = open(client, new VideoViewer(watch, slowAge, slowBytesPerSecond, pacer));
    }

    private static VideoViewer open(BenchClient client, VideoViewer viewer) throws Exception {
        client.connectVideo(viewer, viewer.paced());
        return viewer;
    }

    @Override
    public void awaitSettled(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (crowd.stream().anyMatch(v -> v.received == 0) || slow.received == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("some viewers had no frame after " + limit);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void startCounting() {
        crowd.forEach(v -> v.counting(true));
        slow.counting(true);
    }

    /**
     * {@code frames}, each full-speed viewer's count, fewest first; {@code frames_sent}, the frames
     * the camera made meanwhile; the crowd's and the slow viewer's frame ages.
     */
    @Override
    public Map<String, Object> stopCounting() {
        crowd.forEach(v -> v.counting(false));
        slow.counting(false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("frames", crowd.stream().mapToLong(v -> v.frames).sorted().toArray());
        result.put(
                "frames_sent",
                crowd.stream()
                        .filter(v -> v.firstSeq >= 0)
                        .mapToLong(v -> v.lastSeq - v.firstSeq + 1)
                        .max()
                        .orElse(0));
        synchronized (crowdAge) {
            crowdAge.putInto(result, "crowd_age_");
        }
        result.put("slow_viewer_bytes_per_s", slowBytesPerSecond);
        result.put("slow_viewer_frames", slow.frames);
        synchronized (slowAge) {
            slowAge.putInto(result, "slow_viewer_age_");
        }
        return result;
    }

    @Override
    public void close() {
        crowd.forEach(VideoViewer::close);
        slow.close();
        pacer.shutdownNow();
    }
}
