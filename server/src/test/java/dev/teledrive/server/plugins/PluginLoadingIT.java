package dev.teledrive.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real plugin jars in a real folder: the good one loads whatever sits beside it. */
class PluginLoadingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void brokenIncompatibleAndFailingPluginsAreSkippedWithAReasonAndTheRestRuns() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestServer.copySimulator(plugins);
        Files.write(plugins.resolve("broken.jar"), "this is not a jar".getBytes());
        writeFutureApiPlugin(plugins.resolve("simulator.jar"), plugins.resolve("future.jar"));
        writeGrumpyPlugin(plugins.resolve("grumpy.jar"));

        try (TestServer server = TestServer.start(tmp.resolve("run"), c -> c.with("plugins", plugins.toString()))) {
            Map<String, JsonNode> reports = new HashMap<>();
            JSON.readTree(server.get("/api/plugins").body())
                    .forEach(r -> reports.put(r.path("id").asText(), r));

            assertEquals("started", reports.get("simulator").path("state").asText());
            assertEquals(
                    "simulator",
                    reports.get("simulator").path("vehicles").get(0).asText());
            assertEquals(
                    "[\"simulator\"]", reports.get("simulator").path("cameras").toString());
            assertEquals("invalid", reports.get("broken.jar").path("state").asText());
            assertTrue(reports.get("broken.jar").path("reason").asText().startsWith("not a loadable plugin"));
            assertEquals("disabled", reports.get("future").path("state").asText());
            assertTrue(
                    reports.get("future").path("reason").asText().contains(">=2.0.0"),
                    reports.get("future").toString());
            assertTrue(reports.get("future").path("reason").asText().contains(dev.teledrive.api.PluginApi.VERSION));
            assertEquals("failed", reports.get("grumpy").path("state").asText());
            assertTrue(reports.get("grumpy").path("reason").asText().contains("grumpy refuses to start"));

            try (WsClient c = server.connect()) {
                assertEquals("simulator", c.next("hello").path("selected").asText());
                assertEquals(
                        "ack",
                        c.request(1, "{\"command\":\"up\",\"id\":1}")
                                .path("type")
                                .asText());
            }
        }
    }

    @Test
    void aMissingPluginsFolderLeavesAServerThatSaysSo() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("plugins", tmp.resolve("nowhere").toString()));
                WsClient c = server.connect()) {
            JsonNode hello = c.next("hello");
            assertEquals("recorder", hello.path("selected").asText(), "falls back to the vehicle there is");
            assertEquals("[]", server.get("/api/plugins").body());
        }
    }

    /** The simulator jar, renamed and declaring a plugin API this host does not provide. */
    private static void writeFutureApiPlugin(Path simulator, Path target) throws IOException {
        try (var in = new JarInputStream(Files.newInputStream(simulator))) {
            Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Plugin-Id", "future");
            manifest.getMainAttributes().putValue("Plugin-Requires", ">=2.0.0");
            try (var out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    /** A jar whose plugin class throws from start. */
    private static void writeGrumpyPlugin(Path target) throws IOException {
        var manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", "grumpy");
        a.putValue("Plugin-Version", "1.0.0");
        a.putValue("Plugin-Class", GrumpyPlugin.class.getName());
        String path = GrumpyPlugin.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(target);
                var out = new JarOutputStream(file, manifest);
                InputStream cls = GrumpyPlugin.class.getClassLoader().getResourceAsStream(path)) {
            out.putNextEntry(new JarEntry(path));
            cls.transferTo(out);
            out.closeEntry();
        }
    }
}
