package dev.teledrive.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A measurement, not a test: capture-to-screen latency of the simulator's camera in headless
 * Chromium, read off the page's own readings (one per frame drawn), for JPEG and for H.264 through
 * WebCodecs. Run by hand, after {@code ./mvnw -o install -DskipTests}:
 * {@code ./mvnw -o -pl dist verify -Dit.test=VideoLatencyProbe -Dteledrive.measure=true}. Prints
 * one JSON line per codec.
 */
@EnabledIfSystemProperty(named = "teledrive.measure", matches = "true")
class VideoLatencyProbe {

    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("teledrive.measure.seconds", 30));

    @TempDir
    Path work;

    @Test
    void captureToScreen() throws Exception {
        try (RunningTeledrive server = RunningTeledrive.start(work, "--port", "0")) {
            for (String codec : List.of("jpeg", "h264", "jpeg", "h264")) {
                WebDriver browser =
                        Chromium.launch(work.resolve("chrome-" + codec + System.nanoTime()), false, 1280, 800);
                try {
                    browser.get(server.uri() + "?codec=" + (codec.equals("jpeg") ? "jpeg" : "auto"));
                    new WebDriverWait(browser, Duration.ofSeconds(20))
                            .until(b -> codec.equals(b.findElement(By.cssSelector("[data-testid=video]"))
                                    .getAttribute("data-codec")));
                    Thread.sleep(WARM_UP.toMillis());
                    samples(browser); // forget the warm-up
                    Thread.sleep(MEASURE.toMillis());
                    System.out.println(new ObjectMapper().writeValueAsString(summary(codec, samples(browser))));
                } finally {
                    browser.quit();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Double> samples(WebDriver browser) {
        List<Object> raw = (List<Object>) ((JavascriptExecutor) browser)
                .executeScript("return document.querySelector('[data-testid=video]').teledriveLatencies.splice(0);");
        List<Double> values = new ArrayList<>();
        raw.forEach(v -> values.add(((Number) v).doubleValue()));
        return values;
    }

    private static Map<String, Object> summary(String codec, List<Double> values) {
        values.sort(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("probe", "capture_to_screen");
        out.put("codec", codec);
        out.put("frames", values.size());
        out.put("fps", Math.round(10.0 * values.size() / MEASURE.toSeconds()) / 10.0);
        out.put("p50_ms", percentile(values, 50));
        out.put("p90_ms", percentile(values, 90));
        out.put("p99_ms", percentile(values, 99));
        out.put("max_ms", values.isEmpty() ? null : values.get(values.size() - 1));
        return out;
    }

    private static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
