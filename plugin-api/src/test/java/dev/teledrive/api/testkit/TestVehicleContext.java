package dev.teledrive.api.testkit;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host hands a vehicle, for testing a plugin without a server: configuration from a map,
 * a {@link ManualClock}, a scheduler thread of its own, and lists of what the vehicle published
 * and reported. Close it to end the scheduler.
 *
 * <pre>{@code
 * var context = new TestVehicleContext("mycar", Map.of("mycar.url", "tcp://127.0.0.1:9000"));
 * Vehicle car = new MyProvider().open(context);
 * car.connect();
 * car.accept(StandardVocabulary.motion(255).find("up").orElseThrow().bind(Map.of(), Duration.ofMillis(100)));
 * assertEquals(List.of("connected"), context.states());
 * }</pre>
 */
public final class TestVehicleContext implements VehicleContext, AutoCloseable {

    private final String vehicleId;
    private final Configuration configuration;
    private final ManualClock clock = new ManualClock();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-vehicle");
        t.setDaemon(true);
        return t;
    });
    private final List<Telemetry> samples = new CopyOnWriteArrayList<>();
    private final List<String> states = new CopyOnWriteArrayList<>();

    public TestVehicleContext(String vehicleId, Map<String, String> configuration) {
        this.vehicleId = vehicleId;
        this.configuration = new MapConfiguration(configuration);
    }

    @Override
    public String vehicleId() {
        return vehicleId;
    }

    @Override
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public TelemetrySink telemetry() {
        return samples::add;
    }

    @Override
    public void connectionChanged(ConnectionState state, String reason) {
        states.add(state.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("test." + vehicleId);
    }

    /** Every telemetry sample published so far, oldest first. */
    public List<Telemetry> samples() {
        return samples;
    }

    /** Every connection state reported so far ({@code connecting}, {@code connected}, ...). */
    public List<String> states() {
        return states;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
