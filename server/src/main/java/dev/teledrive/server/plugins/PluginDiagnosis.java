package dev.teledrive.server.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Sentences for the ways a plugin author's jar goes wrong, each naming the fix: the log line and
 * the {@code /api/plugins} reason say the same.
 */
final class PluginDiagnosis {

    /** Where PF4J's annotation processor lists a plugin's {@code @Extension} classes. */
    static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

    private PluginDiagnosis() {}

    /**
     * Why PF4J could not load a file: the manifest entries it lacks when it is a jar without them,
     * else PF4J's own words.
     */
    static String loadFailure(Path file, String pf4jMessage) {
        List<String> missing = missingManifestEntries(file);
        if (missing.isEmpty()) {
            return "not a loadable plugin: " + pf4jMessage;
        }
        return "the manifest has no " + String.join(" and no ", missing) + ": add Plugin-Id and Plugin-Version"
                + " entries to META-INF/MANIFEST.MF, and Plugin-Requires with the plugin API range it needs (such as "
                + PluginRequires.rangeForThisApi() + "); a plugin that takes the kit's teledrive-plugin-parent as its"
                + " parent gets them all (see docs/plugins.md)";
    }

    /**
     * Why a started plugin offers no vehicle, from its extension index.
     *
     * @param loader the plugin's class loader
     */
    static String noVehicle(ClassLoader loader) {
        List<String> listed = extensionIndex(loader);
        if (listed == null) {
            return "no VehicleProvider extension found: the jar has no " + EXTENSIONS_INDEX
                    + "; build it with PF4J's annotation processor (pf4j as a provided dependency, and"
                    + " org.pf4j.processor.ExtensionAnnotationProcessor in the compiler's annotationProcessorPaths,"
                    + " as the kit's teledrive-plugin-parent does) and mark the class that implements"
                    + " VehicleProvider @Extension";
        }
        if (listed.isEmpty()) {
            return "no VehicleProvider extension found: " + EXTENSIONS_INDEX + " is empty, so no class is marked"
                    + " @Extension; mark the class that implements VehicleProvider @Extension (org.pf4j.Extension)"
                    + " and rebuild";
        }
        return "no VehicleProvider extension found: " + EXTENSIONS_INDEX + " lists " + String.join(", ", listed)
                + ", and none of it is a loadable class that implements dev.teledrive.api.VehicleProvider;"
                + " mark the class that implements VehicleProvider @Extension and rebuild";
    }

    /**
     * Why an extension class listed in the index could not be created. A vocabulary the plugin API
     * refused (a command listed twice, a default that is not a choice) is its own mistake, not the
     * constructor's: the API's sentence names the fix.
     */
    static String notCreated(String className, Throwable root) {
        if (root instanceof IllegalArgumentException && thrownByTheApi(root)) {
            return "its VehicleProvider " + className + " could not build its vocabulary: " + root.getMessage();
        }
        String what = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return "its VehicleProvider " + className + " could not be created (" + what + "): an extension needs a"
                + " public constructor without parameters that does not throw; connect to hardware in"
                + " Vehicle.connect(), not in the provider";
    }

    /** Whether the plugin API's own checks threw this, so its message is about the plugin's vocabulary. */
    private static boolean thrownByTheApi(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("dev.teledrive.api.");
    }

    /** The Plugin-Id and Plugin-Version entries a jar's manifest lacks; none when it is no jar or has both. */
    private static List<String> missingManifestEntries(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file) || !(name.endsWith(".jar"))) {
            return List.of();
        }
        try (var jar = new JarFile(file.toFile())) {
            if (jar.getEntry("plugin.properties") != null) {
                return List.of(); // described the other way PF4J knows
            }
            Manifest manifest = jar.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            List<String> missing = new ArrayList<>();
            for (String entry : List.of("Plugin-Id", "Plugin-Version")) {
                String value = main.getValue(entry);
                if (value == null || value.isBlank()) {
                    missing.add(entry);
                }
            }
            return missing;
        } catch (IOException | RuntimeException e) {
            return List.of(); // not a readable jar: PF4J's words say so
        }
    }

    /** The class names in the plugin's own extension index, or {@code null} when it has none. */
    private static List<String> extensionIndex(ClassLoader loader) {
        URL index = loader instanceof URLClassLoader own
                ? own.findResource(EXTENSIONS_INDEX) // the plugin's own, not the host's
                : loader.getResource(EXTENSIONS_INDEX);
        if (index == null) {
            return null;
        }
        try (InputStream in = index.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
