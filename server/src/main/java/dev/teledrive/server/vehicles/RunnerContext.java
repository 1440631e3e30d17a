package dev.teledrive.server.vehicles;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ConnectionState;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleContext;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/** The {@link VehicleContext} a {@link VehicleRunner} hands its plugin. */
record RunnerContext(
        String vehicleId,
        Configuration configuration,
        Clock clock,
        ScheduledExecutorService scheduler,
        TelemetrySink telemetry,
        Logger logger,
        BiConsumer<ConnectionState, String> onConnection)
        implements VehicleContext {

    @Override
    public void connectionChanged(ConnectionState state, String reason) {
        onConnection.accept(state, reason);
    }
}
