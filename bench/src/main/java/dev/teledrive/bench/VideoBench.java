package dev.teledrive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Video viewers on {@code /video}: how old each frame is when it has arrived (capture to received),
 * whether a crowd of viewers each gets nearly every frame, whether a viewer on a slow link gets only
 * fresh frames, and whether the crowd slows the driver's commands. The crowd runs in a JVM of its
 * own ({@link CrowdProcess}), so what is measured of the driver is the server's doing, not the
 * crowd's collector and backlog in this client. Through hubs the crowd spreads evenly over them, a
 * JVM each ({@link CrowdGroup}), and the figures are of all of it: every viewer's frames, the worst
 * hub's frame ages.
 */
final class VideoBench {

    /** The read rate of the slow viewer, bytes a second: a poor mobile link. */
    static final long SLOW_BYTES_PER_SECOND = 200_000;

    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private final BenchClient client;
    private final List<URI> crowdUrls;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param crowdUrls where the crowd watches, spread evenly (the hubs of a site, with a camera id
     *     {@code CAMERA@SITE}); empty: at the client's own server
     */
    VideoBench(BenchClient client, List<URI> crowdUrls) {
        this.client = client;
        this.crowdUrls = crowdUrls.isEmpty() ? List.of(client.url()) : List.copyOf(crowdUrls);
    }

    Map<String, Object> run(String camera, String codec, int viewers, Duration duration) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("camera", camera);
        result.put("codec", codec);
        String watch = watch(camera, codec);

        var alone = new Latency();
        var one = new VideoViewer(watch, alone);
        client.connectVideo(one, false);
        Thread.sleep(WARM_UP.toMillis());
        one.counting(true);
        Thread.sleep(duration.toMillis());
        one.counting(false);
        one.close();
        if (one.frames == 0) {
            // A server without this camera (a peer, or a typo) is a result, not a crash of the whole run.
            result.put("error", one.error() == null ? "no frames from camera '" + camera + "'" : one.error());
            return result;
        }
        long span = one.lastSeq - one.firstSeq + 1;
        result.put("fps", Math.round(10.0 * span / (duration.toNanos() / 1e9)) / 10.0);
        alone.putInto(result, "one_viewer_age_");

        BenchSocket driver = client.openDriver();
        Map<String, Object> quiet = RttBench.run(driver, Long.MAX_VALUE, duration);

        Map<String, Object> crowd;
        Map<String, Object> busy;
        try (var watching = CrowdGroup.viewers(crowdUrls, client.token(), watch, viewers, SLOW_BYTES_PER_SECOND)) {
            Thread.sleep(WARM_UP.toMillis());
            watching.startCounting();
            busy = RttBench.run(driver, Long.MAX_VALUE, duration);
            crowd = watching.stopCounting();
        }
        driver.close();

        long[] frames = ((List<?>) crowd.remove("frames"))
                .stream().mapToLong(f -> ((Number) f).longValue()).toArray();
        long crowdSpan = ((Number) crowd.remove("frames_sent")).longValue();
        long good = Arrays.stream(frames).filter(f -> f >= 0.9 * crowdSpan).count();
        result.put("viewers", viewers);
        result.put("crowd_front_ends", crowdUrls.size());
        result.put("frames_sent", crowdSpan);
        result.put("frames_min", frames.length == 0 ? 0 : frames[0]);
        result.put("frames_median", frames.length == 0 ? 0 : frames[frames.length / 2]);
        result.put("share_ge_90pct", frames.length == 0 ? 0 : Math.round(10000.0 * good / frames.length) / 10000.0);
        result.putAll(crowd); // the crowd's and the slow viewer's frame ages
        result.put("driver_alone_p50_us", quiet.get("p50_us"));
        result.put("driver_alone_p99_us", quiet.get("p99_us"));
        result.put("driver_with_video_p50_us", busy.get("p50_us"));
        result.put("driver_with_video_p99_us", busy.get("p99_us"));
        Object before = quiet.get("p99_us");
        Object after = busy.get("p99_us");
        if (before instanceof Number b && after instanceof Number a && b.doubleValue() > 0) {
            result.put("driver_p99_ratio", Math.round(100.0 * a.doubleValue() / b.doubleValue()) / 100.0);
        }
        return result;
    }

    /** The watch message, with a ticket asked for over the control socket where tokens guard the server. */
    private String watch(String camera, String codec) throws Exception {
        Map<String, Object> watch = new LinkedHashMap<>();
        watch.put("command", "watch");
        watch.put("camera", camera);
        watch.put("codec", codec);
        if (client.token() != null) {
            BenchSocket control = client.open();
            try {
                String reply = Replies.request(control, "{\"command\":\"ticket\",\"id\":\"__ticket\"}", "__ticket");
                watch.put("ticket", json.readTree(reply).path("ticket").asText());
            } finally {
                control.close();
            }
        }
        return json.writeValueAsString(watch);
    }

    /** The video endpoint beside a control endpoint: {@code ws://host:port/ws} gives {@code ws://host:port/video}. */
    static URI videoUri(URI control) {
        return control.resolve("/video");
    }
}
