package dev.teledrive.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency percentiles in microseconds, recorded in nanoseconds up to a minute. */
final class Latency {

    private final Histogram histogram = new Histogram(60_000_000_000L, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, histogram.getHighestTrackableValue())));
    }

    long count() {
        return histogram.getTotalCount();
    }

    void reset() {
        histogram.reset();
    }

    /** The given percentile in microseconds. */
    long micros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000;
    }

    /**
     * {@code p50_us}, {@code p90_us}, {@code p99_us} and {@code max_us}, under a name prefix; {@code null} with no
     * samples.
     */
    void putInto(Map<String, Object> result, String prefix) {
        if (count() == 0) {
            for (String p : new String[] {"p50_us", "p90_us", "p99_us", "max_us"}) {
                result.put(prefix + p, null);
            }
            return;
        }
        result.put(prefix + "p50_us", micros(50));
        result.put(prefix + "p90_us", micros(90));
        result.put(prefix + "p99_us", micros(99));
        result.put(prefix + "max_us", histogram.getMaxValue() / 1000);
    }
}
