package dev.teledrive.server.plugins;

import dev.teledrive.api.PluginApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each candidate in the plugins folder: one report per plugin or unreadable file,
 * logged in one line as it is made, so the log and {@code GET /api/plugins} always tell the same
 * story. {@link PluginHost} does the loading and tells this class the outcome.
 */
final class PluginReports {

    private static final Logger LOG = LoggerFactory.getLogger(PluginReports.class);

    private final List<PluginReport> reports = new CopyOnWriteArrayList<>();

    List<PluginReport> all() {
        return List.copyOf(reports);
    }

    Optional<PluginReport> of(String pluginId) {
        return reports.stream().filter(r -> r.id().equals(pluginId)).findFirst();
    }

    void noteVehicles(String pluginId, List<String> vehicleIds) {
        reports.replaceAll(r -> r.id().equals(pluginId) ? r.plusVehicles(vehicleIds) : r);
    }

    void noteCameras(String pluginId, List<String> cameraIds) {
        reports.replaceAll(r -> r.id().equals(pluginId) ? r.plusCameras(cameraIds) : r);
    }

    /** Forgets the report of whatever came from this file. */
    void forgetFile(Path file) {
        reports.removeIf(r -> r.file().equals(file.toString()));
    }

    /** Forgets the report of this plugin. */
    void forget(String pluginId) {
        reports.removeIf(r -> r.id().equals(pluginId));
    }

    /** Forgets the report of this plugin and of whatever else came from its file. */
    void forget(String pluginId, Path file) {
        reports.removeIf(r -> r.id().equals(pluginId) || r.file().equals(file.toString()));
    }

    /** Shows a loaded plugin as stopped, its vehicles and cameras gone with it. */
    void stopped(String pluginId, String reason) {
        reports.replaceAll(
                r -> r.id().equals(pluginId) ? PluginReport.of(r.id(), r.version(), r.file(), "stopped", reason) : r);
    }

    /** Logs and reports a file PF4J could not load, saying what to fix. */
    void invalid(Path file, RuntimeException e) {
        if (e instanceof RefusedPluginException refused) {
            String why = refused.getMessage();
            LOG.error(
                    "skipping plugin '{}' {} ({}): {}", refused.pluginId(), refused.version(), file.getFileName(), why);
            reports.add(PluginReport.of(refused.pluginId(), refused.version(), file.toString(), "invalid", why));
            return;
        }
        String why = PluginDiagnosis.loadFailure(file, Extensions.rootMessage(e));
        LOG.error("skipping {}: {}", file.getFileName(), why);
        reports.add(PluginReport.of(file.getFileName().toString(), null, file.toString(), "invalid", why));
    }

    /**
     * Logs (one line) and reports how a loaded plugin went: started, or why it is of no use.
     *
     * @param problem   what went wrong with the extensions of a started plugin, or {@code null}
     * @param reloading whether it is a new build of a plugin just unloaded: then a clean start is
     *     left for the caller to log, as a reload
     */
    void admitted(PluginWrapper plugin, Extensions.Problem problem, boolean reloading) {
        var d = plugin.getDescriptor();
        String state;
        String reason = null;
        if (plugin.getPluginState() == PluginState.STARTED) {
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
                reports.add(PluginReport.of(
                        d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason));
                return;
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
        reports.add(PluginReport.of(
                d.getPluginId(), d.getVersion(), plugin.getPluginPath().toString(), state, reason));
    }
}
