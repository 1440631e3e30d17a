package dev.teledrive.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Teledrive's Prometheus {@code /metrics} next to the WebSocket, so a run can say what the
 * server itself saw: how long its commands took from arrival to answer, and which telemetry it
 * could not send. A peer server has none; its figures are then left out.
 */
final class ServerMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*(?:\\{[^}]*})?) (\\S+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
    private static final String ACK_BUCKET = "teledrive_command_seconds_bucket{outcome=\"ack\",";

    private final ServerHttp http;

    /** @param token where access control is on, the bearer token; or {@code null} */
    ServerMetrics(URI webSocket, String token) {
        this.http = new ServerHttp(webSocket, token);
    }

    /** Every sample by its name and labels; empty when the server serves no metrics. */
    Map<String, Double> scrape() {
        Map<String, Double> samples = new HashMap<>();
        for (String line : http.get("/metrics").orElse("").split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                try {
                    samples.put(m.group(1), Double.parseDouble(m.group(2)));
                } catch (NumberFormatException e) {
                    // not a sample after all
                }
            }
        }
        return samples;
    }

    /**
     * What happened between two scrapes: the server's own command time (arrival to ack) p50/p99 in
     * µs, an upper bound from its histogram's buckets, and the telemetry it skipped for slow
     * clients and dropped when its fan-out fell behind.
     */
    static Map<String, Object> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (after.isEmpty()) {
            return result;
        }
        List<double[]> buckets = new ArrayList<>(); // {upper bound in seconds, count}
        after.forEach((name, count) -> {
            Matcher le = LE.matcher(name);
            if (name.startsWith(ACK_BUCKET) && le.find() && !le.group(1).equals("+Inf")) {
                buckets.add(new double[] {Double.parseDouble(le.group(1)), count - before.getOrDefault(name, 0.0)});
            }
        });
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = after.getOrDefault("teledrive_command_seconds_count{outcome=\"ack\"}", 0.0)
                - before.getOrDefault("teledrive_command_seconds_count{outcome=\"ack\"}", 0.0);
        result.put("server_acks", Math.round(total));
        result.put("server_command_p50_us_at_most", bound(buckets, total, 0.50));
        result.put("server_command_p99_us_at_most", bound(buckets, total, 0.99));
        for (String where : List.of("client", "fanout")) {
            String name = "teledrive_telemetry_skipped_total{where=\"" + where + "\"}";
            result.put(
                    "server_telemetry_skipped_" + where,
                    Math.round(after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0)));
        }
        return result;
    }

    /** The smallest bucket bound holding {@code share} of the commands, in µs; {@code null} without any. */
    private static Long bound(List<double[]> buckets, double total, double share) {
        for (double[] b : buckets) {
            if (total > 0 && b[1] >= share * total) {
                return Math.round(b[0] * 1e6);
            }
        }
        return null;
    }
}
