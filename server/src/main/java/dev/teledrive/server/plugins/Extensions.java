package dev.teledrive.server.plugins;

import dev.teledrive.api.ToolProvider;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.vehicles.LoadedProvider;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * Creates a started plugin's extensions one by one, so that one that throws does not hide the
 * others, and says in words that name the fix ({@link PluginDiagnosis}) what went wrong.
 */
final class Extensions {

    private Extensions() {}

    /**
     * What a started plugin contributed.
     *
     * @param providers its vehicle providers that could be created
     * @param tools     its tools
     * @param problem   what is wrong, or {@code null} when all is well
     */
    record Found(List<LoadedProvider> providers, List<ToolProvider> tools, Problem problem) {}

    /**
     * What is wrong with a started plugin's extensions.
     *
     * @param reason       the sentence for the log and the report
     * @param error        whether its code failed (else it just offers nothing)
     * @param someVehicles whether some providers were created all the same
     */
    record Problem(String reason, boolean error, boolean someVehicles) {}

    /** Creates each provider on its own, so one that throws does not hide the others. */
    static Found collect(PluginManager manager, PluginWrapper plugin) {
        String id = plugin.getPluginId();
        List<LoadedProvider> providers = new ArrayList<>();
        List<ToolProvider> tools = new ArrayList<>();
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
            return new Found(providers, tools, new Problem(String.join("; ", failures), true, created > 0));
        }
        if (created == 0 && tooled == 0) {
            return new Found(
                    providers,
                    tools,
                    new Problem(PluginDiagnosis.noVehicle(plugin.getPluginClassLoader()), false, false));
        }
        return new Found(providers, tools, null);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The innermost cause's message, for a sentence. */
    static String rootMessage(Throwable e) {
        if (e == null) {
            return "unknown reason";
        }
        Throwable root = root(e);
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
