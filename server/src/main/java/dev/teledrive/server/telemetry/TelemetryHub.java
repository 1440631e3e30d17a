package dev.teledrive.server.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetrySink;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns vehicle samples into protocol {@code telemetry} messages: stamped, numbered per vehicle,
 * encoded once and shared by every client. Only the selected vehicle's samples go out, so a
 * vehicle idling in the background costs the watchers nothing.
 */
public final class TelemetryHub {

    private final JsonFactory json = new JsonFactory();
    private final Clock clock;
    private final Supplier<String> selectedVehicle;
    private final TelemetryFanout fanout;

    /**
     * @param clock           stamps each message's {@code t}
     * @param selectedVehicle the id of the vehicle whose telemetry clients see
     * @param fanout          where encoded messages go
     */
    public TelemetryHub(Clock clock, Supplier<String> selectedVehicle, TelemetryFanout fanout) {
        this.clock = clock;
        this.selectedVehicle = selectedVehicle;
        this.fanout = fanout;
    }

    /** The sink for one vehicle; each vehicle numbers its own samples from 1. */
    public TelemetrySink sinkFor(String vehicleId) {
        AtomicLong seq = new AtomicLong();
        return sample -> {
            if (vehicleId.equals(selectedVehicle.get())) {
                fanout.broadcast(encode(vehicleId, seq.incrementAndGet(), clock.millis(), sample));
            }
        };
    }

    /** The protocol message for one sample. */
    String encode(String vehicleId, long seq, long t, Telemetry sample) {
        var out = new StringWriter(96);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "telemetry");
            g.writeStringField("vehicle", vehicleId);
            g.writeNumberField("seq", seq);
            g.writeNumberField("t", t);
            for (Map.Entry<String, Object> field : sample.fields().entrySet()) {
                g.writeFieldName(field.getKey());
                Object v = field.getValue();
                if (v instanceof Double || v instanceof Float) {
                    g.writeNumber(((Number) v).doubleValue());
                } else if (v instanceof Number n) {
                    g.writeNumber(n.longValue());
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeString(v.toString());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
