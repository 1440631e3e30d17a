package dev.teledrive.server.plugins;

import dev.teledrive.api.PluginApi;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.vehicles.LoadedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Some 350 lines on purpose: every way PF4J can fail to load a jar, or a started plugin can
 * offer nothing, is caught here, next to the calls that fail; {@link PluginDiagnosis} words the fix.
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
        reports.replaceAll(r -> r.id().equals(pluginId)
                ? new PluginReport(r.id(), r.version(), r.file(), state, reason, List.of())
                : r);
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
        String why = PluginDiagnosis.loadFailure(file, rootMessage(e));
        LOG.error("skipping {}: {}", file.getFileName(), why);
        return new PluginReport(file.getFileName().toString(), null, file.toString(), "invalid", why, List.of());
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
            Problem problem = collectProviders(plugin);
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
                return new PluginReport(
                        d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason, List.of());
            }
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
        } else if (!reloading) {
            LOG.info(
                    "plugin '{}' {} started from {}",
                    d.getPluginId(),
                    d.getVersion(),
                    plugin.getPluginPath().getFileName());
        }
        return new PluginReport(
                d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason, List.of());
    }

    /**
     * What is wrong with a started plugin's extensions.
     *
     * @param reason       the sentence for the log and the report
     * @param error        whether its code failed (else it just offers nothing)
     * @param someVehicles whether some providers were created all the same
     */
    private record Problem(String reason, boolean error, boolean someVehicles) {}

    /** Creates each provider on its own, so one that throws does not hide the others; {@code null} when all is well. */
    private Problem collectProviders(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        int created = 0;
        List<String> failures = new ArrayList<>();
        List<Class<? extends VehicleProvider>> classes;
        try {
            classes = manager.getExtensionClasses(VehicleProvider.class, id);
        } catch (RuntimeException | LinkageError e) {
            classes = List.of();
            failures.add("its VehicleProvider classes could not be loaded: " + rootMessage(e));
        }
        for (Class<? extends VehicleProvider> type : classes) {
            try {
                providers.add(
                        new LoadedProvider(id, manager.getExtensionFactory().create(type)));
                created++;
            } catch (RuntimeException | LinkageError e) {
                failures.add(PluginDiagnosis.notCreated(type.getName(), root(e)));
            }
        }
        int tooled;
        try {
            List<ToolProvider> found = manager.getExtensions(ToolProvider.class, id);
            tools.addAll(found);
            tooled = found.size();
        } catch (RuntimeException | LinkageError e) {
            tooled = 0;
            failures.add("its ToolProvider could not be created: " + rootMessage(e));
        }
        if (!failures.isEmpty()) {
            return new Problem(String.join("; ", failures), true, created > 0);
        }
        if (created == 0 && tooled == 0) {
            return new Problem(PluginDiagnosis.noVehicle(plugin.getPluginClassLoader()), false, false);
        }
        return null;
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        if (e == null) {
            return "unknown reason";
        }
        Throwable root = root(e);
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
