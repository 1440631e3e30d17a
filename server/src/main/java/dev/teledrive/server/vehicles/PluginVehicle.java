package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's {@link Vehicle}, and every call into it side by side with what its failure means
 * for what clients see ({@link VehicleCondition}). Used only on the vehicle's thread, one call at
 * a time, as the API promises plugins.
 */
final class PluginVehicle {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRunner.class);

    private final String vehicleId;
    private final String pluginId;
    private final VehicleProvider provider;
    private final VehicleContext context;
    private final VehicleCondition condition;
    private Vehicle vehicle; // null until opened, and again once closed

    PluginVehicle(
            String vehicleId,
            String pluginId,
            VehicleProvider provider,
            VehicleContext context,
            VehicleCondition condition) {
        this.vehicleId = vehicleId;
        this.pluginId = pluginId;
        this.provider = provider;
        this.context = context;
        this.condition = condition;
    }

    /** Opens the vehicle unless it is open, then connects it. */
    void openAndConnect() throws VehicleUnavailableException {
        try {
            if (vehicle == null) {
                vehicle = provider.open(context);
            }
            vehicle.connect();
        } catch (VehicleException e) {
            LOG.warn("vehicle '{}' ({}) is not available: {}", vehicleId, pluginId, e.getMessage());
            throw new VehicleUnavailableException(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("plugin '{}' failed to open vehicle '{}'", pluginId, vehicleId, e);
            throw new VehicleUnavailableException(
                    "the " + pluginId + " plugin failed to open '" + vehicleId + "' (" + e + "); see the server log");
        }
    }

    /** Whether its calls never block; asked after each connect. */
    boolean nonBlocking() {
        return vehicle != null && vehicle.nonBlocking();
    }

    /**
     * Carries out a command. An unchecked failure marks the vehicle failed and is rethrown: the
     * caller stops the vehicle.
     *
     * @throws VehicleUnavailableException when the vehicle is not connected or refused the command
     */
    void accept(Command command) throws VehicleUnavailableException {
        String refused = condition.refusal();
        if (refused != null || vehicle == null) {
            throw new VehicleUnavailableException(refused != null ? refused : "vehicle '" + vehicleId + "' is closed");
        }
        try {
            vehicle.accept(command);
        } catch (VehicleException e) {
            throw new VehicleUnavailableException(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.error(
                    "plugin '{}' failed on '{}' for vehicle '{}'; stopping it", pluginId, command.name(), vehicleId, e);
            condition.fault("the " + pluginId + " plugin failed on '" + command.name() + "' (" + e
                    + "); select the vehicle again to retry, or choose another");
            throw e;
        }
    }

    /** Ends a timed command; says whether it did (else the caller sends the safety stop). */
    boolean timeUp(Command timed) {
        if (vehicle == null) {
            return true;
        }
        try {
            vehicle.timeUp(timed);
            return true;
        } catch (VehicleException | RuntimeException e) {
            LOG.warn(
                    "vehicle '{}' ({}) could not end '{}'; sending the safety stop",
                    vehicleId,
                    pluginId,
                    timed.name(),
                    e);
            return false;
        }
    }

    /**
     * The safety stop. A vehicle that refuses stays failed, so every client sees it, until a later
     * stop succeeds.
     *
     * @return {@code null} once stopped (or with nothing to stop), else why it could not be
     */
    String stop() {
        if (vehicle == null) {
            return null;
        }
        try {
            vehicle.stop();
        } catch (VehicleException | RuntimeException e) {
            LOG.error("vehicle '{}' ({}) could not be stopped: {}", vehicleId, pluginId, e.getMessage(), e);
            String why = "vehicle '" + vehicleId + "' did not stop (" + e.getMessage()
                    + "): it may still be moving; switch it off or check its link, then send stop";
            condition.stopFailed(why);
            return why;
        }
        if (condition.stopOwed()) {
            LOG.info("vehicle '{}' ({}) stopped after all: it takes commands again", vehicleId, pluginId);
        }
        condition.stopped();
        return null;
    }

    /** Closes the vehicle, if it was opened; it is opened afresh next time. */
    void close() {
        if (vehicle == null) {
            return;
        }
        try {
            vehicle.close();
        } catch (RuntimeException e) {
            LOG.warn("plugin '{}' failed to close vehicle '{}'", pluginId, vehicleId, e);
        }
        vehicle = null;
    }
}
