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
 * vocabulary the server cannot serve, and {@link PluginDiagnosis} words each fix.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginManager manager;
    private final List<PluginReport> reports = new CopyOnWriteArrayList<>();
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
        return List.copyOf(reports);
    }

    /**
     * Adds the vehicles one of a plugin's providers contributed to its report; a plugin's report
     * starts empty each time the plugin starts.
     */
    public void noteVehicles(String pluginId, List<String> vehicleIds) {
        reports.replaceAll(r -> r.id().equals(pluginId) ? r.plusVehicles(vehicleIds) : r);
    }

    /** As {@link #noteVehicles}, for the cameras one of its providers contributed. */
    public void noteCameras(String pluginId, List<String> cameraIds) {
        reports.replaceAll(r -> r.id().equals(pluginId) ? r.plusCameras(cameraIds) : r);
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
            reports.removeIf(r -> r.file().equals(path.toString()));
            reports.add(invalid(path, e));
            return List.of();
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin.getPluginState() != PluginState.DISABLED) {
            manager.startPlugin(id);
        }
        loadedFrom.put(path, id);
        reports.removeIf(r -> r.id().equals(id) || r.file().equals(path.toString()));
        int before = providers.size();
        reports.add(admit(plugin, reloading));
        return List.copyOf(providers.subList(before, providers.size()));
    }

    /** The report of a plugin, if it is known. */
    public Optional<PluginReport> reportOf(String pluginId) {
        return reports.stream().filter(r -> r.id().equals(pluginId)).findFirst();
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
        replaceReport(pluginId, "stopped", "stopped by the admin");
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
        reports.removeIf(r -> r.id().equals(pluginId));
        int before = providers.size();
        reports.add(admit(plugin, false));
        return List.copyOf(providers.subList(before, providers.size()));
    }

    /** Whether a plugin with this id is loaded, in whatever state. */
    public boolean knows(String pluginId) {
        return manager.getPlugin(pluginId) != null;
    }

    private void replaceReport(String pluginId, String state, String reason) {
        reports.replaceAll(
                r -> r.id().equals(pluginId) ? PluginReport.of(r.id(), r.version(), r.file(), state, reason) : r);
    }

    /**
     * Stops and unloads the plugin that came from this file (its vehicles must be gone already).
     *
     * @param reloading whether a new build of it is loaded next, which the caller logs
     */
    public synchronized Optional<String> unloadFile(Path file, boolean reloading) {
        Path path = file.toAbsolutePath().normalize();
        String id = loadedFrom.remove(path);
        reports.removeIf(r -> r.file().equals(path.toString()));
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
                reports.add(invalid(candidate, e));
            }
        }
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            loadedFrom.put(plugin.getPluginPath().toAbsolutePath().normalize(), plugin.getPluginId());
            reports.add(admit(plugin, false));
        }
    }

    /** Logs and reports a file PF4J could not load, saying what to fix. */
    private static PluginReport invalid(Path file, RuntimeException e) {
        if (e instanceof RefusedPluginException refused) {
            String why = refused.getMessage();
            LOG.error(
                    "skipping plugin '{}' {} ({}): {}", refused.pluginId(), refused.version(), file.getFileName(), why);
            return PluginReport.of(refused.pluginId(), refused.version(), file.toString(), "invalid", why);
        }
        String why = PluginDiagnosis.loadFailure(file, Extensions.rootMessage(e));
        LOG.error("skipping {}: {}", file.getFileName(), why);
        return PluginReport.of(file.getFileName().toString(), null, file.toString(), "invalid", why);
    }

    /**
     * Collects a started plugin's providers, then logs (one line) and reports how it went: started,
     * or why it is of no use.
     */
    private PluginReport admit(PluginWrapper plugin, boolean reloading) {
        var d = plugin.getDescriptor();
        String state;
        String reason = null;
        if (plugin.getPluginState() == PluginState.STARTED) {
            Extensions.Found found = Extensions.collect(manager, plugin);
            providers.addAll(found.providers());
            cameras.addAll(found.cameras());
            tools.addAll(found.tools());
            Extensions.Problem problem = found.problem();
            state = problem == null || problem.someVehicles() ? "started" : "failed";
            if (problem != null) {
                reason = problem.reason();
                // A plugin that contributes nothing is a warning; one whose code blew up is an error.
                String line = "plugin '{}' {} ({}) offers no vehicle: {}";
                if (problem.someVehicles()) {
                    line = "plugin '{}' {} ({}) started, but not all of it: {}";
                }
                Object[] args = {
                    d.getPluginId(), d.getVersion(), plugin.getPluginPath().getFileName(), reason
                };
                if (problem.error()) {
                    LOG.error(line, args);
                } else {
                    LOG.warn(line, args);
                }
                return PluginReport.of(
                        d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason);
            }
        } else if (plugin.getPluginState() == PluginState.FAILED) {
            state = "failed";
            reason = "its start failed: " + Extensions.rootMessage(plugin.getFailedException());
        } else {
            state = "disabled";
            reason = "it needs plugin API " + d.getRequires() + ", and this Teledrive provides " + PluginApi.VERSION
                    + ": use a build of the plugin made for plugin API " + PluginApi.VERSION;
        }
        if (reason != null) {
            LOG.error(
                    "skipping plugin '{}' {} ({}): {}",
                    d.getPluginId(),
                    d.getVersion(),
                    plugin.getPluginPath().getFileName(),
                    reason);
        } else if (!reloading) {
            LOG.info(
                    "plugin '{}' {} started from {}",
                    d.getPluginId(),
                    d.getVersion(),
                    plugin.getPluginPath().getFileName());
        }
        return PluginReport.of(
                d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason);
    }
}
