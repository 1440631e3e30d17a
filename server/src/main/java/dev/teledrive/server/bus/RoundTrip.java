package dev.teledrive.server.bus;

import dev.teledrive.server.threads.DaemonThreads;
import io.nats.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round trip to the NATS server, sampled with jnats's {@code RTT()} (a PING and its PONG) every
 * {@link #PERIOD} on a thread of its own: {@code /api/status} and {@code /metrics} read the last
 * sample, so no request thread ever waits on the network. Empty while NATS is away.
 */
final class RoundTrip implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final Connection connection;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nats-round-trip"));
    /** The last sample in nanoseconds, or -1 when there is none (NATS away, or not yet measured). */
    private volatile long nanos = -1;

    RoundTrip(Connection connection) {
        this.connection = connection;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    Optional<Duration> last() {
        long n = nanos;
        return n < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(n));
    }

    private void sample() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            nanos = -1;
            return;
        }
        try {
            nanos = connection.RTT().toNanos();
        } catch (IOException | RuntimeException e) {
            nanos = -1; // lost meanwhile: the next sample after the reconnect says more
            LOG.debug("no NATS round trip: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
