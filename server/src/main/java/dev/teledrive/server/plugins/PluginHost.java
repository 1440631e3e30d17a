package dev.teledrive.server.plugins;

import dev.teledrive.api.PluginApi;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.video.LoadedCameraProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins folder with PF4J and collects their {@code VehicleProvider}s. Each candidate is
 * loaded on its own so a broken jar, a plugin whose start throws or one built for another plugin
 * API is logged with a clear reason and skipped while the rest load.
 *
 * <p>Every way PF4J can fail to load, start, stop or unload a jar is caught here, next to the
 * call that fails; {@link FolderPluginManager} keeps PF4J's own warnings out of the log,
 * {@link Extensions} creates a started plugin's extensions, {@link VocabularyCheck} refuses a
 * vocabulary the server cannot serve, {@link PluginDiagnosis} words each fix, and
 * {@link PluginReports} logs and keeps what became of each candidate.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginManager manager;
    private final PluginReports reports = new PluginReports();
    private final List<LoadedProvider> providers = new CopyOnWriteArrayList<>();
    private final List<LoadedCameraProvider> cameras = new CopyOnWriteArrayList<>();
    private final List<ToolProvider> tools = new CopyOnWriteArrayList<>();
    /** Which plugin each file in the folder became, so a removed or replaced file unloads the right one. */
    private final Map<Path, String> loadedFrom = new ConcurrentHashMap<>();

    private PluginHost(PluginManager manager) {
        this.manager = manager;
    }

    /** A host with no plugins and no folder, as a hub runs: it serves other machines' vehicles. */
    public static PluginHost none() {
        return new PluginHost(new DefaultPluginManager(List.of()));
    }

    /** Loads and starts every plugin in the folder; a missing folder means no plugins. */
    public static PluginHost load(Path pluginsDir) {
        Path dir = pluginsDir.toAbsolutePath().normalize();
        var manager = new FolderPluginManager(dir);
        manager.setSystemVersion(PluginApi.VERSION);
        var host = new PluginHost(manager);
        if (!Files.isDirectory(dir)) {
            LOG.warn("plugins folder {} does not exist: no plugins loaded (create it, or point --plugins at one)", dir);
            return host;
        }
        host.loadAll(manager);
        return host;
    }

    /** Providers of every started plugin. */
    public List<LoadedProvider> providers() {
        return List.copyOf(providers);
    }

    /** Camera providers of every started plugin. */
    public List<LoadedCameraProvider> cameraProviders() {
        return List.copyOf(cameras);
    }

    /** Camera providers of one started plugin. */
    public List<LoadedCameraProvider> cameraProvidersOf(String pluginId) {
        return cameras.stream().filter(c -> c.pluginId().equals(pluginId)).toList();
    }

    /** Subcommands the started plugins add to {@code bin/teledrive}. */
    public List<ToolProvider> tools() {
        return List.copyOf(tools);
    }

    /** One report per candidate, loaded or not. */
    public List<PluginReport> reports() {
        return reports.all();
    }

    /**
     * Adds the vehicles one of a plugin's providers contributed to its report; a plugin's report
     * starts empty each time the plugin starts.
     */
    public void noteVehicles(String pluginId, List<String> vehicleIds) {
        reports.noteVehicles(pluginId, vehicleIds);
    }

    /** As {@link #noteVehicles}, for the cameras one of its providers contributed. */
    public void noteCameras(String pluginId, List<String> cameraIds) {
        reports.noteCameras(pluginId, cameraIds);
    }

    /** The plugin loaded from this file, if any. */
    public Optional<String> pluginAt(Path file) {
        return Optional.ofNullable(loadedFrom.get(file.toAbsolutePath().normalize()));
    }

    /**
     * Loads and starts one plugin file dropped into the folder; returns its providers (none when it
     * could not be loaded, which is logged and reported like at start-up).
     *
     * @param reloading whether it is a new build of a plugin just unloaded: then a clean start is
     *     left for the caller to log, as a reload
     */
    public synchronized List<LoadedProvider> loadFile(Path file, boolean reloading) {
        Path path = file.toAbsolutePath().normalize();
        String id;
        try {
            id = manager.loadPlugin(path);
        } catch (RuntimeException e) {
            reports.forgetFile(path);
            reports.invalid(path, e);
            return List.of();
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin.getPluginState() != PluginState.DISABLED) {
            manager.startPlugin(id);
        }
        loadedFrom.put(path, id);
        reports.forget(id, path);
        int before = providers.size();
        admit(plugin, reloading);
        return List.copyOf(providers.subList(before, providers.size()));
    }

    /** The report of a plugin, if it is known. */
    public Optional<PluginReport> reportOf(String pluginId) {
        return reports.of(pluginId);
    }

    /** The file a plugin was loaded from, if it came from the folder. */
    public Optional<Path> fileOf(String pluginId) {
        return loadedFrom.entrySet().stream()
                .filter(e -> e.getValue().equals(pluginId))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Stops a started plugin (its vehicles must be gone already); it stays loaded, shown as stopped. */
    public synchronized boolean stop(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null || plugin.getPluginState() != PluginState.STARTED) {
            return false;
        }
        providers.removeIf(p -> p.pluginId().equals(pluginId));
        cameras.removeIf(c -> c.pluginId().equals(pluginId));
        manager.stopPlugin(pluginId);
        reports.stopped(pluginId, "stopped by the admin");
        LOG.info("plugin '{}' stopped by the admin", pluginId);
        return true;
    }

    /** Starts a stopped plugin again; returns its providers. */
    public synchronized List<LoadedProvider> start(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null || plugin.getPluginState() == PluginState.STARTED) {
            return List.of();
        }
        manager.startPlugin(pluginId);
        reports.forget(pluginId);
        int before = providers.size();
        admit(plugin, false);
        return List.copyOf(providers.subList(before, providers.size()));
    }

    /** Whether a plugin with this id is loaded, in whatever state. */
    public boolean knows(String pluginId) {
        return manager.getPlugin(pluginId) != null;
    }

    /**
     * Stops and unloads the plugin that came from this file (its vehicles must be gone already).
     *
     * @param reloading whether a new build of it is loaded next, which the caller logs
     */
    public synchronized Optional<String> unloadFile(Path file, boolean reloading) {
        Path path = file.toAbsolutePath().normalize();
        String id = loadedFrom.remove(path);
        reports.forgetFile(path);
        if (id == null) {
            return Optional.empty();
        }
        providers.removeIf(p -> p.pluginId().equals(id));
        cameras.removeIf(c -> c.pluginId().equals(id));
        tools.removeIf(t -> manager.whichPlugin(t.getClass()) != null
                && id.equals(manager.whichPlugin(t.getClass()).getPluginId()));
        try {
            manager.unloadPlugin(id);
            if (reloading) {
                LOG.debug("plugin '{}' unloaded for a reload of {}", id, path.getFileName());
            } else {
                LOG.info("plugin '{}' unloaded ({} left the plugins folder)", id, path.getFileName());
            }
        } catch (RuntimeException e) {
            LOG.warn("plugin '{}' did not unload cleanly: {}", id, Extensions.rootMessage(e));
        }
        return Optional.of(id);
    }

    @Override
    public void close() {
        try {
            // unloadPlugins stops each plugin first; PF4J 3.15's stopPlugins trips over its own list.
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("stopping plugins failed", e);
        }
    }

    private void loadAll(FolderPluginManager pf4j) {
        List<Path> candidates = pf4j.candidates();
        for (Path candidate : candidates) {
            try {
                manager.loadPlugin(candidate);
            } catch (RuntimeException e) {
                reports.invalid(candidate, e);
            }
        }
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            loadedFrom.put(plugin.getPluginPath().toAbsolutePath().normalize(), plugin.getPluginId());
            admit(plugin, false);
        }
    }

    /** Collects a started plugin's extensions, then has its outcome logged and reported. */
    private void admit(PluginWrapper plugin, boolean reloading) {
        Extensions.Problem problem = null;
        if (plugin.getPluginState() == PluginState.STARTED) {
            Extensions.Found found = Extensions.collect(manager, plugin);
            providers.addAll(found.providers());
            cameras.addAll(found.cameras());
            tools.addAll(found.tools());
            problem = found.problem();
        }
        reports.admitted(plugin, problem, reloading);
    }
}
