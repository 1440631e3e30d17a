package dev.teledrive.server.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What became of one candidate in the plugins folder, for the log and {@code GET /api/plugins}.
 *
 * @param id       the plugin id, or the file name when the file is not a readable plugin
 * @param version  the plugin's version, or {@code null}
 * @param file     the file or folder it came from
 * @param state    {@code started}, {@code failed} (its start threw, or it offers nothing),
 *     {@code disabled}, {@code stopped} or {@code invalid}
 * @param reason   why it is not running, or what went wrong with a part of it, naming the fix; or
 *     {@code null}
 * @param vehicles the vehicle ids it contributes
 * @param cameras  the camera ids it contributes
 */
public record PluginReport(
        String id,
        String version,
        String file,
        String state,
        String reason,
        List<String> vehicles,
        List<String> cameras) {

    /** A plugin's report before any of its vehicles or cameras is installed. */
    static PluginReport of(String id, String version, String file, String state, String reason) {
        return new PluginReport(id, version, file, state, reason, List.of(), List.of());
    }

    /** The same report with the vehicles one more of the plugin's providers installed. */
    PluginReport plusVehicles(List<String> ids) {
        return new PluginReport(id, version, file, state, reason, concat(vehicles, ids), cameras);
    }

    /** The same report with the cameras one more of the plugin's providers installed. */
    PluginReport plusCameras(List<String> ids) {
        return new PluginReport(id, version, file, state, reason, vehicles, concat(cameras, ids));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Whether the plugin runs. */
    public boolean started() {
        return "started".equals(state);
    }

    /**
     * The report for someone who is not the owner: the file's name without its folder, and no
     * folder in the reason, so a stranger learns nothing about the installation's layout.
     */
    public PluginReport withoutPaths() {
        Path path = Path.of(file);
        String name = path.getFileName() == null ? file : path.getFileName().toString();
        String cleaned = reason;
        if (cleaned != null) {
            cleaned = cleaned.replace(file, name);
            Path folder = path.toAbsolutePath().getParent();
            if (folder != null) {
                cleaned = cleaned.replace(folder + java.io.File.separator, "")
                        .replace(folder.toString(), "plugins folder");
            }
        }
        return new PluginReport(id, version, name, state, cleaned, vehicles, cameras);
    }
}
