package dev.teledrive.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Spectators or video viewers spread evenly over several front ends (the hubs of one site), one
 * {@link CrowdProcess} each, counted together: the figures ask whether every member got its ticks or
 * frames, whichever hub it came through.
 */
final class CrowdGroup implements AutoCloseable {

    private final List<CrowdProcess> crowds = new ArrayList<>();

    private CrowdGroup() {}

    /** Starts {@code count} spectators of {@code cars}, the first hub taking what does not divide evenly. */
    static CrowdGroup spectators(List<URI> urls, String token, List<String> cars, int count)
            throws IOException, InterruptedException {
        return start(urls, count, (url, share) -> CrowdSpec.spectators(url, token, cars, share));
    }

    /**
     * Starts {@code count} full-speed viewers sending {@code watch}, spread as spectators are, and one
     * slow viewer at each front end.
     */
    static CrowdGroup viewers(List<URI> urls, String token, String watch, int count, long slowBytesPerSecond)
            throws IOException, InterruptedException {
        return start(urls, count, (url, share) -> CrowdSpec.viewers(url, token, watch, share, slowBytesPerSecond));
    }

    private static CrowdGroup start(List<URI> urls, int count, BiFunction<URI, Integer, CrowdSpec> spec)
            throws IOException, InterruptedException {
        var group = new CrowdGroup();
        try {
            for (int i = 0; i < urls.size(); i++) {
                int share = count / urls.size() + (i == 0 ? count % urls.size() : 0);
                group.crowds.add(CrowdProcess.start(spec.apply(urls.get(i), share)));
            }
            return group;
        } catch (IOException | RuntimeException | InterruptedException e) {
            group.close();
            throw e;
        }
    }

    void startCounting() throws IOException, InterruptedException {
        for (CrowdProcess crowd : crowds) {
            crowd.startCounting();
        }
    }

    /**
     * Every front end's report in one: lists (each member's {@code ticks} or {@code frames}) joined,
     * fewest first; {@code connected} summed; any other figure the largest of any front end's (for
     * frame ages, the worst hub's; for {@code frames_sent}, the longest span seen).
     */
    Map<String, Object> stopCounting() throws IOException, InterruptedException {
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, List<Long>> lists = new LinkedHashMap<>();
        for (CrowdProcess crowd : crowds) {
            crowd.stopCounting().forEach((name, value) -> {
                if (value instanceof List<?> members) {
                    members.forEach(m ->
                            lists.computeIfAbsent(name, k -> new ArrayList<>()).add(((Number) m).longValue()));
                } else if (value instanceof Number n && merged.get(name) instanceof Number before) {
                    merged.put(
                            name,
                            name.equals("connected")
                                    ? before.longValue() + n.longValue()
                                    : Math.max(before.longValue(), n.longValue()));
                } else {
                    merged.putIfAbsent(name, value);
                }
            });
        }
        lists.forEach(
                (name, members) -> merged.put(name, members.stream().sorted().toList()));
        return merged;
    }

    @Override
    public void close() {
        crowds.forEach(CrowdProcess::close);
    }
}
