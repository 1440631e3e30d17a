package dev.teledrive.server.vehicles;

import dev.teledrive.api.TelemetrySink;
import dev.teledrive.api.VehicleSpec;
import java.util.ArrayList;
import java.util.List;
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
     * @param defaultVehicle the vehicle new connections watch, when it is there
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
     * Stops, closes and removes every vehicle of a plugin. Connections watching one of them move to
     * the default vehicle; when one of them was the default, the configured vehicle (or the first one
     * left) becomes the default.
     */
    public void uninstall(String pluginId) {
        List<String> leaving = vehicles.all().stream()
                .filter(r -> r.pluginId().equals(pluginId))
                .map(VehicleRunner::id)
                .toList();
        if (leaving.contains(vehicles.defaultId())) {
            selectFallback(leaving);
        }
        // Watchers move while the vehicles are still listed, so nobody is ever shown a vehicle that is gone.
        leaving.forEach(vehicles::gone);
        takeOut(pluginId, false);
        vehicles.changed();
    }

    /**
     * Stops, closes and removes every vehicle of a plugin whose new build is loaded next, telling
     * nobody meanwhile: the caller {@link #reinstalled}s the new build's vehicles afterwards.
     *
     * @return the ids of the plugin's vehicles that were in use (opened), to open again
     */
    public List<String> uninstallForReload(String pluginId) {
        return takeOut(pluginId, true);
    }

    /**
     * After a reload: the new build's vehicles that have the ids of vehicles in use before are
     * connected again (their watchers and drivers stay with them); watchers of those the new build no
     * longer offers move to the default vehicle.
     *
     * @param inUse   {@link #uninstallForReload}'s answer
     * @param offered the new build's vehicle ids
     */
    public void reinstalled(List<String> inUse, List<String> offered) {
        if (vehicles.defaultId() == null) {
            selectFallback(List.of()); // first, so the watchers of vehicles that did not come back have somewhere to go
        }
        for (String id : inUse) {
            if (offered.contains(id)) {
                vehicles.find(id)
                        .ifPresent(runner -> runner.connect().whenComplete((ok, failure) -> {
                            if (failure != null) {
                                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                                LOG.warn("vehicle '{}' is back but not connected: {}", id, cause.getMessage());
                            }
                        }));
            } else {
                LOG.warn("vehicle '{}' was in use, and the new build of its plugin does not offer it", id);
                vehicles.gone(id);
            }
        }
        vehicles.changed();
    }

    /** Takes a plugin's vehicles out; returns the ids of those that had been opened, or all when not reloading. */
    private List<String> takeOut(String pluginId, boolean reloading) {
        List<VehicleRunner> leaving = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        for (VehicleRunner runner : List.copyOf(vehicles.all())) {
            if (runner.pluginId().equals(pluginId)) {
                runner.stop(); // at once, ahead of anything queued
                boolean wasDefault = vehicles.remove(runner.id());
                if (!reloading || wasDefault || runner.status().state() != VehicleState.IDLE) {
                    inUse.add(runner.id());
                }
                leaving.add(runner);
            }
        }
        for (VehicleRunner runner : leaving) {
            runner.close(); // stops it again, then closes it, on its own thread
            if (reloading) {
                LOG.debug("vehicle '{}' closed for a reload of plugin '{}'", runner.id(), pluginId);
            } else {
                LOG.info("vehicle '{}' removed with plugin '{}'", runner.id(), pluginId);
            }
        }
        if (reloading) {
            vehicles.changed(); // clients see the old build's vehicles go; the new build's come next
        }
        return inUse;
    }

    /** Makes the configured vehicle the default, or the first there is; logs when there is none. */
    public void selectFallback() {
        selectFallback(List.of());
    }

    /** As {@link #selectFallback()}, passing over vehicles that are about to go. */
    private void selectFallback(List<String> leaving) {
        String id = vehicles.all().stream()
                .map(VehicleRunner::id)
                .filter(v -> !leaving.contains(v))
                .filter(v -> v.equals(defaultVehicle))
                .findFirst()
                .orElseGet(() -> vehicles.all().stream()
                        .map(VehicleRunner::id)
                        .filter(v -> !leaving.contains(v))
                        .findFirst()
                        .orElse(null));
        if (id == null) {
            LOG.warn("no vehicles left: put a vehicle plugin in the plugins folder");
            return;
        }
        if (!id.equals(defaultVehicle)) {
            LOG.warn("vehicle '{}' is not available; '{}' is the default instead", defaultVehicle, id);
        }
        vehicles.makeDefault(id).whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                LOG.warn("vehicle '{}' is the default but not connected: {}", id, cause.getMessage());
            }
        });
    }
}
