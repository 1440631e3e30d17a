package dev.teledrive.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two plugins that each bundle their own version of one library, with the same class names: each
 * sees its own, side by side in one server.
 */
class LibraryIsolationIT {

    @TempDir
    Path tmp;

    @Test
    void twoPluginsBundlingDifferentVersionsOfOneLibraryEachUseTheirOwn() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPlugin("one", "1.4.2", plugins.resolve("one.jar"));
        buildPlugin("two", "2.0.0", plugins.resolve("two.jar"));

        try (TestServer server = TestServer.start(tmp.resolve("run"), c -> c.with("plugins", plugins.toString()));
                WsClient c = server.connect()) {
            JsonNode hello = c.next("hello");
            List<String> names = new ArrayList<>();
            hello.path("vehicles")
                    .forEach(v -> names.add(
                            v.path("id").asText() + "=" + v.path("name").asText()));
            assertTrue(names.contains("lib-one=Uses greeting 1.4.2"), names.toString());
            assertTrue(names.contains("lib-two=Uses greeting 2.0.0"), names.toString());
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"lib-two\",\"id\":1}")
                            .path("type")
                            .asText());
        }
    }

    /** Compiles a plugin whose provider reports the version of the "library" bundled beside it. */
    private void buildPlugin(String id, String libraryVersion, Path jar) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + id));
        Path library = Files.createDirectories(src.resolve("shared/greeting"));
        Files.writeString(
                library.resolve("Greeting.java"),
                "package shared.greeting;\n"
                        + "public final class Greeting { public static String version() { return \"" + libraryVersion
                        + "\"; } }\n");
        Path plugin = Files.createDirectories(src.resolve("example"));
        Files.writeString(
                plugin.resolve("LibProvider.java"),
                "package example;\n"
                        + "import dev.teledrive.api.*;\n"
                        + "@org.pf4j.Extension public final class LibProvider implements VehicleProvider {\n"
                        + "  public String id() { return \"lib-" + id + "\"; }\n"
                        + "  public String name() { return \"Uses greeting \" + shared.greeting.Greeting.version(); }\n"
                        + "  public Vocabulary vocabulary() { return StandardVocabulary.motion(255); }\n"
                        + "  public Vehicle open(VehicleContext c) { return new Vehicle() {\n"
                        + "    public void accept(Command x) { } public void stop() { } public void close() { } }; }\n"
                        + "}\n");
        String classpath = String.join(
                java.io.File.pathSeparator,
                location(VehicleProvider.class),
                location(org.pf4j.Extension.class),
                location(org.slf4j.Logger.class));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-classpath", classpath, "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
        Files.createDirectories(classes.resolve("META-INF"));
        Files.writeString(classes.resolve("META-INF/extensions.idx"), "example.LibProvider\n");

        var manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", "lib-" + id);
        a.putValue("Plugin-Version", "1.0.0");
        a.putValue("Plugin-Requires", ">=1.0.0 & <2.0.0");
        try (OutputStream file = Files.newOutputStream(jar);
                var out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
