package dev.teledrive.server.vehicles;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a jar dropped into or taken out of the plugins folder does while the server runs: its
 * vehicles appear to every client, or are stopped and disappear; a replaced jar is both.
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
    public void arrived(Path file) {
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
    public void removed(Path file) {
        // Vehicles go first, stopped, while their classes are still loaded; then the plugin.
        plugins.pluginAt(file).ifPresent(installer::uninstall);
        plugins.unloadFile(file);
    }
}
