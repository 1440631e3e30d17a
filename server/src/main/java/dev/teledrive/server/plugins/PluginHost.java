package dev.teledrive.server.plugins;

import dev.teledrive.api.PluginApi;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.vehicles.LoadedProvider;
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
 * Loads the plugins folder with PF4J and collects their {@link VehicleProvider}s. Each candidate is
 * loaded on its own so a broken jar, a plugin whose start throws or one built for another plugin
 * API is logged with a clear reason and skipped while the rest load.
 *
 * <p>A little over 250 lines on purpose: every way PF4J can fail to load a jar is caught and
 * explained here, next to the calls that fail.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginManager manager;
    private final List<PluginReport> reports = new CopyOnWriteArrayList<>();
    private final List<LoadedProvider> providers = new CopyOnWriteArrayList<>();
    private final List<ToolProvider> tools = new CopyOnWriteArrayList<>();
    /** Which plugin each file in the folder became, so a removed or replaced file unloads the right one. */
    private final Map<Path, String> loadedFrom = new ConcurrentHashMap<>();

    private PluginHost(PluginManager manager) {
        this.manager = manager;
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

    /** Subcommands the started plugins add to {@code bin/teledrive}. */
    public List<ToolProvider> tools() {
        return List.copyOf(tools);
    }

    /** One report per candidate, loaded or not. */
    public List<PluginReport> reports() {
        return List.copyOf(reports);
    }

    /** Records the vehicles a plugin's providers contributed, for the reports. */
    public void noteVehicles(String pluginId, List<String> vehicleIds) {
        reports.replaceAll(r -> r.id().equals(pluginId)
                ? new PluginReport(r.id(), r.version(), r.file(), r.state(), r.reason(), List.copyOf(vehicleIds))
                : r);
    }

    /** The plugin loaded from this file, if any. */
    public Optional<String> pluginAt(Path file) {
        return Optional.ofNullable(loadedFrom.get(file.toAbsolutePath().normalize()));
    }

    /**
     * Loads and starts one plugin file dropped into the folder; returns its providers (none when it
     * could not be loaded, which is logged and reported like at start-up).
     */
    public synchronized List<LoadedProvider> loadFile(Path file) {
        Path path = file.toAbsolutePath().normalize();
        String id;
        try {
            id = manager.loadPlugin(path);
        } catch (RuntimeException e) {
            String why = "not a loadable plugin: " + rootMessage(e);
            LOG.error("skipping {}: {}", path.getFileName(), why);
            reports.removeIf(r -> r.file().equals(path.toString()));
            reports.add(
                    new PluginReport(path.getFileName().toString(), null, path.toString(), "invalid", why, List.of()));
            return List.of();
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin.getPluginState() != PluginState.DISABLED) {
            manager.startPlugin(id);
        }
        loadedFrom.put(path, id);
        reports.removeIf(r -> r.id().equals(id) || r.file().equals(path.toString()));
        reports.add(report(plugin));
        int before = providers.size();
        if (plugin.getPluginState() == PluginState.STARTED) {
            collectProviders(plugin);
        }
        return List.copyOf(providers.subList(before, providers.size()));
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
        reports.add(report(plugin));
        int before = providers.size();
        if (plugin.getPluginState() == PluginState.STARTED) {
            collectProviders(plugin);
        }
        return List.copyOf(providers.subList(before, providers.size()));
    }

    /** Whether a plugin with this id is loaded, in whatever state. */
    public boolean knows(String pluginId) {
        return manager.getPlugin(pluginId) != null;
    }

    private void replaceReport(String pluginId, String state, String reason) {
        reports.replaceAll(r -> r.id().equals(pluginId)
                ? new PluginReport(r.id(), r.version(), r.file(), state, reason, List.of())
                : r);
    }

    /** Stops and unloads the plugin that came from this file (its vehicles must be gone already). */
    public synchronized Optional<String> unloadFile(Path file) {
        Path path = file.toAbsolutePath().normalize();
        String id = loadedFrom.remove(path);
        reports.removeIf(r -> r.file().equals(path.toString()));
        if (id == null) {
            return Optional.empty();
        }
        providers.removeIf(p -> p.pluginId().equals(id));
        tools.removeIf(t -> manager.whichPlugin(t.getClass()) != null
                && id.equals(manager.whichPlugin(t.getClass()).getPluginId()));
        try {
            manager.unloadPlugin(id);
            LOG.info("plugin '{}' unloaded ({} left the plugins folder)", id, path.getFileName());
        } catch (RuntimeException e) {
            LOG.warn("plugin '{}' did not unload cleanly: {}", id, rootMessage(e));
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
                String why = "not a loadable plugin: " + rootMessage(e);
                LOG.error("skipping {}: {}", candidate.getFileName(), why);
                reports.add(new PluginReport(
                        candidate.getFileName().toString(), null, candidate.toString(), "invalid", why, List.of()));
            }
        }
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            loadedFrom.put(plugin.getPluginPath().toAbsolutePath().normalize(), plugin.getPluginId());
            reports.add(report(plugin));
            if (plugin.getPluginState() == PluginState.STARTED) {
                collectProviders(plugin);
            }
        }
    }

    private PluginReport report(PluginWrapper plugin) {
        var d = plugin.getDescriptor();
        String state;
        String reason = null;
        if (plugin.getPluginState() == PluginState.STARTED) {
            state = "started";
        } else if (plugin.getPluginState() == PluginState.FAILED) {
            state = "failed";
            reason = "its start failed: " + rootMessage(plugin.getFailedException());
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
        } else {
            LOG.info(
                    "plugin '{}' {} started from {}",
                    d.getPluginId(),
                    d.getVersion(),
                    plugin.getPluginPath().getFileName());
        }
        return new PluginReport(
                d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason, List.of());
    }

    private void collectProviders(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        try {
            List<VehicleProvider> found = manager.getExtensions(VehicleProvider.class, id);
            found.forEach(p -> providers.add(new LoadedProvider(id, p)));
            tools.addAll(manager.getExtensions(ToolProvider.class, id));
        } catch (RuntimeException | LinkageError e) {
            LOG.error("plugin '{}' started but its vehicle providers could not be created: {}", id, rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        if (e == null) {
            return "unknown reason";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** PF4J's default manager, letting the host load candidates one by one to report each failure. */
    private static final class FolderPluginManager extends DefaultPluginManager {
        FolderPluginManager(Path dir) {
            super(dir);
        }

        /** Jars, zips and unpacked plugin folders, as PF4J's repositories find them. */
        List<Path> candidates() {
            return pluginRepository.getPluginPaths();
        }
    }
}
