package dev.teledrive.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Spectators spread evenly over several front ends (the hubs of one site), one {@link CrowdProcess}
 * each, counted together: the fleet's figures ask whether every spectator got its ticks, whichever
 * hub it came through.
 */
final class CrowdGroup implements AutoCloseable {

    private final List<CrowdProcess> crowds = new ArrayList<>();

    private CrowdGroup() {}

    /** Starts {@code count} spectators of {@code cars}, the first hub taking what does not divide evenly. */
    static CrowdGroup spectators(List<URI> urls, String token, List<String> cars, int count)
            throws IOException, InterruptedException {
        var group = new CrowdGroup();
        try {
            for (int i = 0; i < urls.size(); i++) {
                int share = count / urls.size() + (i == 0 ? count % urls.size() : 0);
                group.crowds.add(CrowdProcess.start(CrowdSpec.spectators(urls.get(i), token, cars, share)));
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

    /** {@code connected} summed and {@code ticks} of every spectator of every hub, fewest first. */
    Map<String, Object> stopCounting() throws IOException, InterruptedException {
        int connected = 0;
        List<Integer> ticks = new ArrayList<>();
        for (CrowdProcess crowd : crowds) {
            Map<String, Object> report = crowd.stopCounting();
            connected += ((Number) report.get("connected")).intValue();
            ((List<?>) report.get("ticks")).forEach(t -> ticks.add(((Number) t).intValue()));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("connected", connected);
        merged.put(
                "ticks",
                IntStream.range(0, ticks.size())
                        .map(ticks::get)
                        .sorted()
                        .boxed()
                        .toList());
        return merged;
    }

    @Override
    public void close() {
        crowds.forEach(CrowdProcess::close);
    }
}
