package dev.teledrive.server.plugins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A plugin author's jar that is not quite right, dropped into the plugins folder of a running
 * server: one log line and a {@code /api/plugins} reason, each naming the fix.
 */
class PluginFailureReportsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = RefusingProvider.class.getName();

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void listen() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(log);
    }

    @Test
    void aJarWithoutAnExtensionIndexSaysToRunTheAnnotationProcessor() throws Exception {
        try (TestServer server = TestServer.start(tmp)) {
            drop(server, "noindex.jar", pluginManifest("noindex"), Map.of(classEntry(), classBytes()));

            JsonNode report = awaitReport(server, "noindex");
            assertEquals("failed", report.path("state").asText(), report.toString());
            assertEquals(
                    "no VehicleProvider extension found: the jar has no META-INF/extensions.idx; build it with"
                            + " PF4J's annotation processor (pf4j as a provided dependency, and"
                            + " org.pf4j.processor.ExtensionAnnotationProcessor in the compiler's"
                            + " annotationProcessorPaths, as the kit's teledrive-plugin-parent does) and mark the class"
                            + " that implements VehicleProvider @Extension",
                    report.path("reason").asText());
            ILoggingEvent line = theOnlyWarningAbout("'noindex'");
            assertEquals(Level.WARN, line.getLevel());
            assertEquals(
                    "plugin 'noindex' 1.0.0 (noindex.jar) offers no vehicle: "
                            + report.path("reason").asText(),
                    line.getFormattedMessage());
            stillDrives(server);
        }
    }

    @Test
    void aJarWithoutTheManifestEntriesSaysWhichToAdd() throws Exception {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (TestServer server = TestServer.start(tmp)) {
            drop(
                    server,
                    "nomanifest.jar",
                    manifest,
                    Map.of(classEntry(), classBytes(), PluginDiagnosis.EXTENSIONS_INDEX, index()));

            JsonNode report = awaitReport(server, "nomanifest.jar");
            assertEquals("invalid", report.path("state").asText(), report.toString());
            String reason = report.path("reason").asText();
            assertTrue(
                    reason.startsWith("the manifest has no Plugin-Id and no Plugin-Version: add Plugin-Id and"
                            + " Plugin-Version entries to META-INF/MANIFEST.MF, and Plugin-Requires with the plugin"
                            + " API range it needs (such as >=" + dev.teledrive.api.PluginApi.VERSION),
                    reason);
            assertTrue(reason.endsWith(
                    "a plugin that takes the kit's teledrive-plugin-parent as its parent gets them all (see"
                            + " docs/plugins.md)"));
            ILoggingEvent line = theOnlyWarningAbout("nomanifest.jar");
            assertEquals(Level.ERROR, line.getLevel());
            assertEquals("skipping nomanifest.jar: " + reason, line.getFormattedMessage());
            stillDrives(server);
        }
    }

    @Test
    void anExtensionThatCannotBeCreatedIsNamedWithWhatItThrew() throws Exception {
        try (TestServer server = TestServer.start(tmp)) {
            drop(
                    server,
                    "refusing.jar",
                    pluginManifest("refusing"),
                    Map.of(classEntry(), classBytes(), PluginDiagnosis.EXTENSIONS_INDEX, index()));

            JsonNode report = awaitReport(server, "refusing");
            assertEquals("failed", report.path("state").asText(), report.toString());
            assertEquals(
                    "its VehicleProvider " + PROVIDER + " could not be created (IllegalStateException: no serial"
                            + " port in the constructor, please): an extension needs a public constructor without"
                            + " parameters that does not throw; connect to hardware in Vehicle.connect(), not in"
                            + " the provider",
                    report.path("reason").asText());
            ILoggingEvent line = theOnlyWarningAbout("'refusing'");
            assertEquals(Level.ERROR, line.getLevel());
            assertEquals(
                    "plugin 'refusing' 1.0.0 (refusing.jar) offers no vehicle: "
                            + report.path("reason").asText(),
                    line.getFormattedMessage());
            stillDrives(server);
        }
    }

    /** Writes a jar beside the folder, then moves it in whole, as a careful installer does. */
    private static void drop(TestServer server, String name, Manifest manifest, Map<String, byte[]> entries)
            throws IOException {
        Path part = server.plugins().resolve(name + ".part");
        try (var out = new JarOutputStream(Files.newOutputStream(part), manifest)) {
            for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(entries).entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(part, server.plugins().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Manifest pluginManifest(String id) {
        var manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", "1.0.0");
        a.putValue("Plugin-Requires", ">=1.0.0 & <2.0.0");
        return manifest;
    }

    private static String classEntry() {
        return PROVIDER.replace('.', '/') + ".class";
    }

    private static byte[] classBytes() throws IOException {
        try (InputStream in = RefusingProvider.class.getClassLoader().getResourceAsStream(classEntry())) {
            return in.readAllBytes();
        }
    }

    private static byte[] index() {
        return (PROVIDER + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitReport(TestServer server, String id) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> find(server, id), r -> r != null && r.hasNonNull("reason"));
    }

    private static JsonNode find(TestServer server, String id) throws Exception {
        for (JsonNode r : JSON.readTree(server.get("/api/plugins").body())) {
            if (id.equals(r.path("id").asText())) {
                return r;
            }
        }
        return null;
    }

    /** The one WARN or ERROR line that mentions the plugin. */
    private ILoggingEvent theOnlyWarningAbout(String mention) {
        List<ILoggingEvent> lines = List.copyOf(log.list).stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getFormattedMessage().contains(mention))
                .toList();
        assertEquals(
                1,
                lines.size(),
                () -> lines.stream()
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList()
                        .toString());
        return lines.get(0);
    }

    /** The rest of the server is unharmed: the default vehicle still drives. */
    private static void stillDrives(TestServer server) throws Exception {
        try (WsClient c = server.connect()) {
            assertEquals("simulator", c.next("hello").path("selected").asText());
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"up\",\"id\":1}").path("type").asText());
        }
    }
}
