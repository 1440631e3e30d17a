package dev.teledrive.server.plugins;

import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.vehicles.VehicleInstaller;
import dev.teledrive.server.video.Cameras;
import dev.teledrive.server.video.LoadedCameraProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins coming and going while the server runs, from the folder (a jar dropped in, taken out,
 * replaced) or from the admin REST API (enable, disable, reload): their vehicles and cameras appear
 * to every client, or are stopped (their viewers told) and disappear. One lock keeps the two sources from crossing.
 */
public final class HotPlugins implements PluginWatcher.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HotPlugins.class);

    private final PluginHost plugins;
    private final VehicleInstaller installer;
    private final Cameras cameras;

    public HotPlugins(PluginHost plugins, VehicleInstaller installer, Cameras cameras) {
        this.plugins = plugins;
        this.installer = installer;
        this.cameras = cameras;
    }

    /** Adds the cameras of a plugin just loaded or started. */
    private void addCameras(Optional<String> pluginId) {
        pluginId.ifPresent(id -> installCameras(plugins.cameraProvidersOf(id)));
    }

    private void installCameras(List<LoadedCameraProvider> providers) {
        for (LoadedCameraProvider c : providers) {
            plugins.noteCameras(c.pluginId(), cameras.install(c));
        }
    }

    @Override
    public synchronized void arrived(Path file) {
        Optional<String> loaded = plugins.pluginAt(file);
        if (loaded.isPresent()) {
            reloadFrom(file, loaded.get());
            return;
        }
        LOG.info("{} arrived in the plugins folder: loading it", file.getFileName());
        for (LoadedProvider provider : plugins.loadFile(file, false)) {
            plugins.noteVehicles(provider.pluginId(), installer.install(provider));
        }
        addCameras(plugins.pluginAt(file));
    }

    /**
     * A new build copied over a loaded plugin: its vehicles stop and close, the old build unloads,
     * the new one loads, and the vehicles that were in use connect again when the new build offers
     * the same ids (their watchers, drivers and queues stay with them: seats belong to vehicle ids).
     */
    private void reloadFrom(Path file, String oldId) {
        LOG.debug("{} changed: reloading plugin '{}'", file.getFileName(), oldId);
        // Vehicles go first, stopped, while their classes are still loaded; then the plugin.
        List<String> inUse = installer.uninstallForReload(oldId);
        cameras.uninstall(oldId);
        plugins.unloadFile(file, true);
        List<String> offered = new ArrayList<>();
        for (LoadedProvider provider : plugins.loadFile(file, true)) {
            List<String> ids = installer.install(provider);
            plugins.noteVehicles(provider.pluginId(), ids);
            offered.addAll(ids);
        }
        addCameras(plugins.pluginAt(file));
        Optional<PluginReport> report = plugins.pluginAt(file).flatMap(plugins::reportOf);
        if (report.isPresent() && report.get().started()) {
            LOG.info(
                    "plugin '{}' reloaded: {}",
                    report.get().id(),
                    offered.isEmpty() ? "no vehicles" : "vehicles " + String.join(", ", offered));
        } // else the new build's failure is logged already
        installer.reinstalled(inUse, offered);
    }

    @Override
    public synchronized void removed(Path file) {
        // Vehicles go first, stopped, while their classes are still loaded; then the plugin.
        plugins.pluginAt(file).ifPresent(id -> {
            installer.uninstall(id);
            cameras.uninstall(id);
        });
        plugins.unloadFile(file, false);
    }

    /** The outcome of an admin action, for the REST API. */
    public enum Outcome {
        DONE,
        UNKNOWN,
        UNCHANGED
    }

    /** Stops a plugin and removes its vehicles (they stop first). */
    public synchronized Outcome disable(String pluginId) {
        if (!plugins.knows(pluginId)) {
            return Outcome.UNKNOWN;
        }
        installer.uninstall(pluginId);
        cameras.uninstall(pluginId);
        return plugins.stop(pluginId) ? Outcome.DONE : Outcome.UNCHANGED;
    }

    /** Starts a stopped plugin and adds its vehicles. */
    public synchronized Outcome enable(String pluginId) {
        if (!plugins.knows(pluginId)) {
            return Outcome.UNKNOWN;
        }
        if (plugins.reportOf(pluginId).map(r -> "started".equals(r.state())).orElse(false)) {
            return Outcome.UNCHANGED;
        }
        List<LoadedProvider> started = plugins.start(pluginId);
        for (LoadedProvider provider : started) {
            plugins.noteVehicles(provider.pluginId(), installer.install(provider));
        }
        List<LoadedCameraProvider> startedCameras = plugins.cameraProvidersOf(pluginId);
        installCameras(startedCameras);
        return started.isEmpty() && startedCameras.isEmpty() ? Outcome.UNCHANGED : Outcome.DONE;
    }

    /** Unloads a plugin and loads its file again, as when a new build is copied over it. */
    public synchronized Outcome reload(String pluginId) {
        return plugins.fileOf(pluginId)
                .map(file -> {
                    reloadFrom(file, pluginId);
                    return Outcome.DONE;
                })
                .orElse(Outcome.UNKNOWN);
    }
}
