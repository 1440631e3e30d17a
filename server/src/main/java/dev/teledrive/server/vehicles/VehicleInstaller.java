package dev.teledrive.server.vehicles;

import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plugin's providers into running vehicles, and takes them away again when the plugin
 * goes: at start-up and whenever a jar is dropped into or removed from the plugins folder.
 */
public final class VehicleInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleInstaller.class);

    private final RunnerSetup setup;
    private final VehicleRegistry vehicles;
    private final Function<String, TelemetrySink> telemetry;
    private final String defaultVehicle;

    /**
     * @param setup          what every vehicle shares: configuration, time, limits, the watchdog
     * @param vehicles       where the vehicles go
     * @param telemetry      the sink for each vehicle id
     * @param defaultVehicle what to select when the selected vehicle's plugin goes away
     */
    public VehicleInstaller(
            RunnerSetup setup,
            VehicleRegistry vehicles,
            Function<String, TelemetrySink> telemetry,
            String defaultVehicle) {
        this.setup = setup;
        this.vehicles = vehicles;
        this.telemetry = telemetry;
        this.defaultVehicle = defaultVehicle;
    }

    /** Adds the provider's vehicles; returns their ids. A provider that fails is logged and skipped. */
    public List<String> install(LoadedProvider p) {
        List<VehicleSpec> specs;
        try {
            specs = p.provider().vehicles(setup.configuration());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("plugin '{}' could not list its vehicles: {}", p.pluginId(), e.getMessage(), e);
            return List.of();
        }
        List<String> added = new ArrayList<>();
        for (VehicleSpec spec : specs) {
            var runner = new VehicleRunner(
                    spec, p.pluginId(), p.provider(), telemetry.apply(spec.id()), changed -> vehicles.changed(), setup);
            try {
                vehicles.add(runner);
                added.add(spec.id());
            } catch (IllegalArgumentException e) {
                LOG.error("skipping a vehicle of plugin '{}': {}", p.pluginId(), e.getMessage());
                runner.close();
            }
        }
        if (!added.isEmpty()) {
            vehicles.changed();
        }
        return added;
    }

    /**
     * Stops, closes and removes every vehicle of a plugin. When one of them was selected, the
     * default vehicle (or the first one left) is selected instead and clients are told.
     */
    public void uninstall(String pluginId) {
        takeOut(pluginId, false);
    }

    /**
     * Stops, closes and removes every vehicle of a plugin whose new build is loaded next, choosing
     * no other vehicle meanwhile: the caller {@link #reselect}s the new build's vehicle of the same
     * id, or {@link #selectFallback}s when it has none.
     *
     * @return the id of the vehicle that was selected, if it was one of the plugin's
     */
    public Optional<String> uninstallForReload(String pluginId) {
        return takeOut(pluginId, true);
    }

    private Optional<String> takeOut(String pluginId, boolean reloading) {
        List<VehicleRunner> leaving = new ArrayList<>();
        String selected = null;
        for (VehicleRunner runner : List.copyOf(vehicles.all())) {
            if (runner.pluginId().equals(pluginId)) {
                runner.stop(); // at once, ahead of anything queued
                if (vehicles.remove(runner.id())) {
                    selected = runner.id();
                }
                leaving.add(runner);
            }
        }
        // The fallback is chosen before the old vehicles close, so no client is ever told "nothing selected".
        if (selected != null && !reloading) {
            selectFallback();
        }
        for (VehicleRunner runner : leaving) {
            runner.close(); // stops it again, then closes it, on its own thread
            if (reloading) {
                LOG.debug("vehicle '{}' closed for a reload of plugin '{}'", runner.id(), pluginId);
            } else {
                LOG.info("vehicle '{}' removed with plugin '{}'", runner.id(), pluginId);
            }
        }
        vehicles.changed();
        return Optional.ofNullable(selected);
    }

    /** Selects again, after a reload, the new build's vehicle with the id of the one that was selected. */
    public void reselect(String id) {
        vehicles.reselect(id).whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                LOG.warn("vehicle '{}' is selected again but not connected: {}", id, cause.getMessage());
            }
        });
    }

    /** Selects the configured vehicle, or the first there is; logs when there is none. */
    public void selectFallback() {
        String id = vehicles.find(defaultVehicle)
                .map(VehicleRunner::id)
                .orElseGet(() -> vehicles.all().isEmpty()
                        ? null
                        : vehicles.all().iterator().next().id());
        if (id == null) {
            LOG.warn("no vehicles left: put a vehicle plugin in the plugins folder");
            return;
        }
        if (!id.equals(defaultVehicle)) {
            LOG.warn("vehicle '{}' is not available; selecting '{}' instead", defaultVehicle, id);
        }
        vehicles.select(id).whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                LOG.warn("vehicle '{}' is selected but not connected: {}", id, cause.getMessage());
            }
        });
    }
}
