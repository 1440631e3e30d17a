package dev.teledrive.server.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetryObject;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.server.threads.DaemonThreads;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns vehicle samples into protocol {@code telemetry} messages: stamped, numbered per vehicle,
 * encoded to UTF-8 once and those bytes shared by every client. Only the watched vehicles'
 * samples go out, and only while someone listens, so an idle server or a vehicle in the
 * background costs nothing.
 *
 * <p>The fan-out runs on a thread of its own, never the vehicle's, and at a lower CPU priority:
 * writing to thousands of spectators takes milliseconds, and the driver's next command must not
 * wait behind it. When the fan-out falls behind, the newest sample replaces the one still waiting.
 */
public final class TelemetryHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryHub.class);

    private final JsonFactory json = new JsonFactory();
    private final Clock clock;
    private final TelemetryFanout fanout;
    private final Runnable onDropped;
    /** Per vehicle, the newest message not yet sent: a vehicle's backlog never hides another's samples. */
    private final Map<String, AtomicReference<ByteBuffer>> waiting = new ConcurrentHashMap<>();

    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(DaemonThreads.background("telemetry-fanout"));

    /**
     * @param clock  stamps each message's {@code t}
     * @param fanout where encoded messages go: the connections watching each vehicle
     */
    public TelemetryHub(Clock clock, TelemetryFanout fanout) {
        this(clock, fanout, () -> {});
    }

    /**
     * As above, and {@code onDropped} is called for each sample a newer one replaced before the
     * fan-out thread took it: no client got that one.
     */
    public TelemetryHub(Clock clock, TelemetryFanout fanout, Runnable onDropped) {
        this.clock = clock;
        this.fanout = fanout;
        this.onDropped = onDropped;
    }

    /** The sink for one vehicle; each vehicle numbers its own samples from 1. */
    public TelemetrySink sinkFor(String vehicleId) {
        AtomicLong seq = new AtomicLong();
        AtomicReference<ByteBuffer> slot = waiting.computeIfAbsent(vehicleId, id -> new AtomicReference<>());
        return sample -> {
            long n = seq.incrementAndGet(); // counted even when unheard, so a gap in seq means missed samples
            if (fanout.hasAudience(vehicleId)) {
                publish(vehicleId, slot, message(vehicleId, n, clock.millis(), sample));
            }
        };
    }

    /**
     * Fans out a message encoded elsewhere, as a hub does with a site's sample: latest-wins and on
     * the fan-out thread as this process's own samples, and dropped when nobody here watches.
     */
    public void offer(String vehicleId, ByteBuffer message) {
        if (fanout.hasAudience(vehicleId)) {
            publish(vehicleId, waiting.computeIfAbsent(vehicleId, id -> new AtomicReference<>()), message);
        }
    }

    /** Hands a message to the fan-out thread; only the newest of each vehicle waits, older ones are dropped. */
    private void publish(String vehicleId, AtomicReference<ByteBuffer> slot, ByteBuffer message) {
        if (slot.getAndSet(message) != null) {
            onDropped.run(); // the fan-out thread has not taken the last one yet: it never will
        } else {
            try {
                sender.execute(() -> deliver(vehicleId, slot));
            } catch (RejectedExecutionException e) {
                slot.set(null); // closed: nobody is listening any more
            }
        }
    }

    private void deliver(String vehicleId, AtomicReference<ByteBuffer> slot) {
        ByteBuffer message = slot.getAndSet(null);
        if (message == null) {
            return;
        }
        try {
            fanout.broadcast(vehicleId, message);
        } catch (RuntimeException e) {
            LOG.error("sending telemetry failed", e);
        }
    }

    /** Stops the fan-out thread; samples after this are dropped. */
    @Override
    public void close() {
        sender.shutdownNow();
    }

    /** The protocol message for one sample as the UTF-8 bytes every client is sent, read only. */
    public ByteBuffer message(String vehicleId, long seq, long t, Telemetry sample) {
        return ByteBuffer.wrap(encode(vehicleId, seq, t, sample).getBytes(StandardCharsets.UTF_8))
                .asReadOnlyBuffer();
    }

    /** The protocol message for one sample. */
    public String encode(String vehicleId, long seq, long t, Telemetry sample) {
        var out = new StringWriter(96);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "telemetry");
            g.writeStringField("vehicle", vehicleId);
            g.writeNumberField("seq", seq);
            g.writeNumberField("t", t);
            writeFields(g, sample.fields());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeFields(JsonGenerator g, Map<String, Object> fields) throws IOException {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            g.writeFieldName(field.getKey());
            writeValue(g, field.getValue());
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> items) { // of TelemetryObject, as Telemetry checked
            g.writeStartArray();
            for (Object item : items) {
                g.writeStartObject();
                writeFields(g, ((TelemetryObject) item).fields());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
