package dev.teledrive.plugins.iracer;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A vehicle context over a map of keys that records connection changes. */
final class TestContexts implements VehicleContext {

    final List<String> states = new CopyOnWriteArrayList<>();
    private final String vehicleId;
    private final Map<String, String> keys;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    TestContexts(String vehicleId, Map<String, String> keys) {
        this.vehicleId = vehicleId;
        this.keys = keys;
    }

    @Override
    public String vehicleId() {
        return vehicleId;
    }

    @Override
    public Configuration configuration() {
        return new Configuration() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(keys.get(key));
            }

            @Override
            public Set<String> keys() {
                return keys.keySet();
            }
        };
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public TelemetrySink telemetry() {
        return sample -> { };
    }

    @Override
    public void connectionChanged(ConnectionState state, String reason) {
        states.add(state.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("test." + vehicleId);
    }
}
