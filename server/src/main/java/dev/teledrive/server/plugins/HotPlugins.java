package dev.teledrive.server.plugins;

import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.vehicles.VehicleInstaller;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins coming and going while the server runs, from the folder (a jar dropped in, taken out,
 * replaced) or from the admin REST API (enable, disable, reload): their vehicles appear to every
 * client, or are stopped and disappear. One lock keeps the two sources from crossing.
 */
public final class HotPlugins implements PluginWatcher.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HotPlugins.class);

    private final PluginHost plugins;
    private final VehicleInstaller installer;

    public HotPlugins(PluginHost plugins, VehicleInstaller installer) {
        this.plugins = plugins;
        this.installer = installer;
    }

    @Override
    public synchronized void arrived(Path file) {
        if (plugins.pluginAt(file).isPresent()) {
            LOG.info("{} changed: reloading it", file.getFileName());
            removed(file);
        } else {
            LOG.info("{} arrived in the plugins folder: loading it", file.getFileName());
        }
        for (LoadedProvider provider : plugins.loadFile(file)) {
            plugins.noteVehicles(provider.pluginId(), installer.install(provider));
        }
    }

    @Override
    public synchronized void removed(Path file) {
        // Vehicles go first, stopped, while their classes are still loaded; then the plugin.
        plugins.pluginAt(file).ifPresent(installer::uninstall);
        plugins.unloadFile(file);
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
        return plugins.stop(pluginId) ? Outcome.DONE : Outcome.UNCHANGED;
    }

    /** Starts a stopped plugin and adds its vehicles. */
    public synchronized Outcome enable(String pluginId) {
        if (!plugins.knows(pluginId)) {
            return Outcome.UNKNOWN;
        }
        List<LoadedProvider> started = plugins.start(pluginId);
        for (LoadedProvider provider : started) {
            plugins.noteVehicles(provider.pluginId(), installer.install(provider));
        }
        return started.isEmpty() ? Outcome.UNCHANGED : Outcome.DONE;
    }

    /** Unloads a plugin and loads its file again, as when a new build is copied over it. */
    public synchronized Outcome reload(String pluginId) {
        return plugins.fileOf(pluginId)
                .map(file -> {
                    removed(file);
                    arrived(file);
                    return Outcome.DONE;
                })
                .orElse(Outcome.UNKNOWN);
    }
}
