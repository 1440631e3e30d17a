package dev.teledrive.api.testkit;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host hands a vehicle, for testing a plugin without a server: configuration from a map,
 * a {@link ManualClock}, the vehicle's own thread ({@link ManualScheduler}: its timers and ticks
 * run there when the test moves the clock, never by themselves), and lists of what the vehicle
 * published and reported. Close it to end the thread.
 *
 * <pre>{@code
 * var context = new TestVehicleContext("mycar", Map.of("mycar.url", "tcp://127.0.0.1:9000"));
 * Vehicle car = new MyProvider().open(context);
 * context.run(car::connect);                        // on the vehicle's thread, as the host calls it
 * context.run(() -> car.accept(up));                 // up: a bound Command
 * context.clock().advance(Duration.ofSeconds(1));    // runs the ticks due in that second, in order
 * assertEquals(20, context.samples().size());        // a car ticking at 20 Hz
 * }</pre>
 */
public final class TestVehicleContext implements VehicleContext, AutoCloseable {

    private final String vehicleId;
    private final Configuration configuration;
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler;
    private final List<Telemetry> samples = new CopyOnWriteArrayList<>();
    private final List<String> states = new CopyOnWriteArrayList<>();

    public TestVehicleContext(String vehicleId, Map<String, String> configuration) {
        this.scheduler = new ManualScheduler(clock, "vehicle-" + vehicleId);
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
    public ManualScheduler scheduler() {
        return scheduler;
    }

    /**
     * Runs the work on the vehicle's thread and waits for it: the host calls every {@code Vehicle}
     * method there, one at a time.
     *
     * @param work such as {@code car::connect} or {@code () -> car.accept(command)}
     * @throws Exception what the vehicle threw
     */
    public void run(ManualScheduler.Work work) throws Exception {
        scheduler.run(work);
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
