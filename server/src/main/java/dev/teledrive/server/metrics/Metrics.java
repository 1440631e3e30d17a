package dev.teledrive.server.metrics;

import dev.teledrive.server.control.ControlEvents;
import dev.teledrive.server.control.ErrorCode;
import dev.teledrive.server.control.FleetDesk;
import dev.teledrive.server.seats.HandOver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics, through Micrometer: connections by role; drivers, queue and
 * viewers per vehicle; commands and their round trip; errors by code; dead-man and disconnect
 * stops; turns by how they began. Counters are bumped where things happen (a few nanoseconds
 * each); everything that is a state is read when Prometheus scrapes.
 */
public final class Metrics implements ControlEvents {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer acked;
    private final Timer refused;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter disconnectStops;
    private final Counter deadmanStops;
    private final Counter telemetrySkipped;
    private final Counter telemetryDropped;
    private final Counter failures;
    private final Map<HandOver.Cause, Counter> turns = new EnumMap<>(HandOver.Cause.class);
    private final MultiGauge drivers;
    private final MultiGauge queues;
    private final MultiGauge viewers;
    private final List<MeterBinder> bound = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FleetDesk control;

    public Metrics() {
        acked = commandTimer("ack");
        refused = commandTimer("refused");
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(
                    code,
                    Counter.builder("teledrive.errors")
                            .description("errors sent to clients, by protocol code")
                            .tag("code", code.wire())
                            .register(registry));
        }
        failures = Counter.builder("teledrive.failures")
                .description("unexpected exceptions while handling a message or a vehicle's answer (see the log)")
                .register(registry);
        disconnectStops = stops("disconnect");
        deadmanStops = stops("deadman");
        telemetrySkipped = telemetryLost("client");
        telemetryDropped = telemetryLost("fanout");
        for (HandOver.Cause cause : HandOver.Cause.values()) {
            turns.put(
                    cause,
                    Counter.builder("teledrive.turns")
                            .description("turns begun, by why the seat changed hands")
                            .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        drivers = MultiGauge.builder("teledrive.vehicle.drivers")
                .description("1 while someone drives the vehicle")
                .register(registry);
        queues = MultiGauge.builder("teledrive.vehicle.queue")
                .description("connections waiting for a turn")
                .register(registry);
        viewers = MultiGauge.builder("teledrive.vehicle.viewers")
                .description("connections watching the vehicle")
                .register(registry);
    }

    /** Reads connections and seats from the owner's desk at each scrape. */
    public void watch(FleetDesk value) {
        this.control = value;
        for (String role : value.connectionsByRole().keySet()) {
            Gauge.builder(
                            "teledrive.connections",
                            () -> control.connectionsByRole().get(role))
                    .description("open WebSocket connections, by their place with their vehicle")
                    .tag("role", role)
                    .register(registry);
        }
    }

    /** Adds meters of another part, such as a site's or a hub's link to NATS ({@link BusMetrics}). */
    public void bind(MeterBinder meters) {
        bound.add(meters); // Micrometer holds a meter's source weakly: keep it
        meters.bindTo(registry);
    }

    /** Called by the telemetry hub for each sample no client got, as the fan-out fell behind. */
    public Runnable fanoutDropListener() {
        return telemetryDropped::increment;
    }

    /** Called by the server for each vehicle the dead-man stopped. */
    public Runnable deadmanListener() {
        return deadmanStops::increment;
    }

    /** The text Prometheus reads. */
    public String scrape() {
        if (control != null) {
            List<MultiGauge.Row<?>> driven = new ArrayList<>();
            List<MultiGauge.Row<?>> waiting = new ArrayList<>();
            List<MultiGauge.Row<?>> watching = new ArrayList<>();
            for (String id : control.vehicleIds()) {
                var seat = control.seatReport(id);
                Tags tags = Tags.of("vehicle", id);
                driven.add(MultiGauge.Row.of(tags, seat.driven() ? 1 : 0));
                waiting.add(MultiGauge.Row.of(tags, seat.queue()));
                watching.add(MultiGauge.Row.of(tags, seat.viewers()));
            }
            drivers.register(driven, true);
            queues.register(waiting, true);
            viewers.register(watching, true);
        }
        return registry.scrape();
    }

    @Override
    public void commandAnswered(boolean ok, long nanos) {
        (ok ? acked : refused).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    @Override
    public void handlerFailed() {
        failures.increment();
    }

    @Override
    public void driverDisconnected() {
        disconnectStops.increment();
    }

    @Override
    public void seatHandedOver(HandOver.Cause cause, boolean toSomeone) {
        if (toSomeone) {
            turns.get(cause).increment();
        }
    }

    @Override
    public void telemetrySkipped() {
        telemetrySkipped.increment();
    }

    private Timer commandTimer(String outcome) {
        return Timer.builder("teledrive.command")
                .description("vehicle commands, from their arrival to their answer")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** One description for both series: Prometheus shows a metric's help text once. */
    private Counter telemetryLost(String where) {
        return Counter.builder("teledrive.telemetry.skipped")
                .description("telemetry samples a newer one replaced before they were sent: where=client, a slow"
                        + " client's; where=fanout, before the fan-out took them (the server was busy)")
                .tag("where", where)
                .register(registry);
    }

    private Counter stops(String cause) {
        return Counter.builder("teledrive.stops")
                .description("vehicles stopped because their driver was lost")
                .tag("cause", cause)
                .register(registry);
    }
}
