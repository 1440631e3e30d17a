package dev.teledrive.server.plugins;

import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.video.LoadedCameraProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
     * @param cameras   its camera providers that could be created
     * @param tools     its tools
     * @param problem   what is wrong, or {@code null} when all is well
     */
    record Found(
            List<LoadedProvider> providers,
            List<LoadedCameraProvider> cameras,
            List<ToolProvider> tools,
            Problem problem) {}

    /**
     * What is wrong with a started plugin's extensions.
     *
     * @param reason       the sentence for the log and the report
     * @param error        whether its code failed (else it just offers nothing)
     * @param someVehicles whether some providers (of vehicles or cameras) were created all the same
     */
    record Problem(String reason, boolean error, boolean someVehicles) {}

    /**
     * Creates each extension class on its own, so one that throws does not hide the others. A class
     * that implements both {@code VehicleProvider} and {@code CameraProvider} is created once and
     * serves as both, so its vehicles and cameras can share state (the simulator's arena).
     */
    static Found collect(PluginManager manager, PluginWrapper plugin) {
        String id = plugin.getPluginId();
        List<String> failures = new ArrayList<>();
        // Classes in the order PF4J lists them, each once, whichever points it implements.
        Set<Class<?>> classes = new LinkedHashSet<>();
        classes.addAll(classesOf(manager, VehicleProvider.class, id, failures));
        classes.addAll(classesOf(manager, CameraProvider.class, id, failures));
        List<LoadedProvider> providers = new ArrayList<>();
        List<LoadedCameraProvider> cameras = new ArrayList<>();
        for (Class<?> type : classes) {
            Object extension;
            try {
                extension = manager.getExtensionFactory().create(type);
            } catch (RuntimeException | LinkageError e) {
                failures.add(PluginDiagnosis.notCreated(type.getName(), root(e)));
                continue;
            }
            if (extension instanceof VehicleProvider vehicles) {
                String unfit = vocabularyProblem(type.getName(), vehicles);
                if (unfit == null) {
                    providers.add(new LoadedProvider(id, vehicles));
                } else {
                    failures.add(unfit);
                }
            }
            if (extension instanceof CameraProvider camera) {
                cameras.add(new LoadedCameraProvider(id, camera));
            }
        }
        int created = providers.size() + cameras.size();
        List<ToolProvider> tools = new ArrayList<>();
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
            return new Found(providers, cameras, tools, new Problem(String.join("; ", failures), true, created > 0));
        }
        if (created == 0 && tooled == 0) {
            return new Found(
                    providers,
                    cameras,
                    tools,
                    new Problem(PluginDiagnosis.noVehicle(plugin.getPluginClassLoader()), false, false));
        }
        return new Found(providers, cameras, tools, null);
    }

    /** Why the server cannot serve this provider's vocabulary, or {@code null} when it can. */
    private static String vocabularyProblem(String className, VehicleProvider provider) {
        List<String> problems;
        try {
            problems = VocabularyCheck.problems(provider.vocabulary());
        } catch (RuntimeException | LinkageError e) {
            return PluginDiagnosis.notCreated(className, root(e));
        }
        if (problems.isEmpty()) {
            return null;
        }
        return "its VehicleProvider " + className + " offers a vocabulary the server cannot serve: "
                + String.join("; ", problems);
    }

    private static List<Class<?>> classesOf(
            PluginManager manager, Class<?> point, String pluginId, List<String> failures) {
        try {
            return List.copyOf(manager.getExtensionClasses(point, pluginId));
        } catch (RuntimeException | LinkageError e) {
            failures.add("its " + point.getSimpleName() + " classes could not be loaded: " + rootMessage(e));
            return List.of();
        }
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
