package dev.teledrive.dist;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin kit as an author meets it: the distribution's kit/ copied out of this repository,
 * its template built offline with its own wrapper and nothing of Teledrive's but the kit, the
 * jar dropped into a running server, and the vehicle driven over the WebSocket.
 */
class PluginKitIT {

    private static final Path KIT = RunningTeledrive.DIST.resolve("kit");
    private static final String API_VERSION = System.getProperty("teledrive.api.version", "1.3.0");

    /** The Maven repository the build running this test uses: it has every Maven plugin the template needs. */
    private static final Path LOCAL_REPOSITORY = Path.of(
            System.getProperty("teledrive.local.repository", System.getProperty("user.home") + "/.m2/repository"));

    /** A placeholder of dist/src/kit that the build should have replaced. */
    private static final Pattern UNFILLED = Pattern.compile("@[a-zA-Z.-]+@");

    @TempDir
    Path outside;

    @Test
    void theKitHoldsTheApiItsSourcesAndTestKitAndTheParentUnderTheApiVersion() throws Exception {
        Path api = KIT.resolve("repository/dev/teledrive/teledrive-plugin-api/" + API_VERSION);
        for (String suffix : new String[] {".pom", ".jar", "-sources.jar", "-tests.jar"}) {
            Path file = api.resolve("teledrive-plugin-api-" + API_VERSION + suffix);
            assertTrue(Files.isRegularFile(file), file + " ships in the kit");
        }
        try (var sources = new JarFile(api.resolve("teledrive-plugin-api-" + API_VERSION + "-sources.jar")
                .toFile())) {
            assertTrue(sources.getEntry("dev/teledrive/api/VehicleProvider.java") != null);
        }
        try (var testKit = new JarFile(api.resolve("teledrive-plugin-api-" + API_VERSION + "-tests.jar")
                .toFile())) {
            assertTrue(testKit.getEntry("dev/teledrive/api/testkit/TestVehicleContext.class") != null);
        }
        String apiPom = Files.readString(api.resolve("teledrive-plugin-api-" + API_VERSION + ".pom"));
        assertFalse(apiPom.contains("<parent>"), "the API's POM stands alone:\n" + apiPom);

        String parent = Files.readString(KIT.resolve("repository/dev/teledrive/teledrive-plugin-parent/" + API_VERSION
                + "/teledrive-plugin-parent-" + API_VERSION + ".pom"));
        assertTrue(
                parent.contains("<plugin.requires>&gt;=${teledrive.api.version} &amp; &lt;2.0.0</plugin.requires>")
                        && parent.contains("<teledrive.api.version>" + API_VERSION + "</teledrive.api.version>")
                        && parent.contains("org.pf4j.processor.ExtensionAnnotationProcessor"),
                parent);
        for (String filled : new String[] {parent, apiPom, Files.readString(KIT.resolve("README.md"))}) {
            assertFalse(UNFILLED.matcher(filled).find(), "every @name@ of the kit was filled in:\n" + filled);
        }

        Path template = KIT.resolve("template");
        assertTrue(Files.isExecutable(template.resolve("mvnw")));
        assertTrue(Files.isRegularFile(template.resolve("mvnw.cmd")));
        assertEquals(
                Files.readString(
                        Path.of(System.getProperty("teledrive.wrapper", "../.mvn/wrapper/maven-wrapper.properties"))),
                Files.readString(template.resolve(".mvn/wrapper/maven-wrapper.properties")),
                "the template's wrapper fetches the Maven this project builds with");
        String archives = System.getProperty("teledrive.archives", "target/teledrive");
        Process list = new ProcessBuilder("tar", "-tvzf", archives + ".tar.gz")
                .redirectErrorStream(true)
                .start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(20, TimeUnit.SECONDS));
        String top = Path.of(archives).getFileName().toString();
        assertTrue(
                Pattern.compile("(?m)^-rwxr-xr-x .* " + Pattern.quote(top + "/kit/template/mvnw") + "$")
                        .matcher(listing)
                        .find(),
                listing);
        for (String hidden : new String[] {"/kit/template/.mvn/maven.config", "/kit/template/.gitignore"}) {
            assertTrue(listing.contains(top + hidden), hidden + " is in the archive:\n" + listing);
        }
        assertTrue(Files.readString(template.resolve("pom.xml"))
                .contains("<artifactId>teledrive-plugin-parent</artifactId>\n    <version>" + API_VERSION
                        + "</version>"));
    }

    @Test
    void theTemplateBuildsOfflineFromTheKitAloneAndItsTankDrivesInARunningServer() throws Exception {
        assertKitOnlyArtifacts();
        Path kit = copy(KIT, outside.resolve("kit"));
        Path template = kit.resolve("template");

        long started = System.nanoTime();
        Output build = mvnw(template, "-B", "-o", "-Dmaven.repo.local=" + LOCAL_REPOSITORY, "package");
        System.out.printf("plugin kit: the template's build took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, build.code(), "the template's build failed:\n" + build.text());
        assertTrue(build.text().contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0"), build.text());
        assertKitOnlyArtifacts();
        Path jar = template.resolve("target/tank-0.1.0-SNAPSHOT.jar");
        try (var plugin = new JarFile(jar.toFile())) {
            var manifest = plugin.getManifest().getMainAttributes();
            assertEquals("tank", manifest.getValue("Plugin-Id"));
            assertEquals(">=" + API_VERSION + " & <2.0.0", manifest.getValue("Plugin-Requires"));
            assertTrue(plugin.getEntry("META-INF/extensions.idx") != null, "PF4J's annotation processor ran");
            assertTrue(plugin.getEntry("dev/teledrive/api/Vehicle.class") == null, "the API stays the host's");
        }

        Path plugins = Files.createDirectories(outside.resolve("plugins"));
        try (var shipped = Files.list(RunningTeledrive.DIST.resolve("plugins"))) {
            for (Path simulator : shipped.filter(
                            p -> p.getFileName().toString().startsWith("teledrive-plugin-simulator-"))
                    .toList()) {
                Files.copy(simulator, plugins.resolve(simulator.getFileName()));
            }
        }
        try (RunningTeledrive teledrive =
                RunningTeledrive.start(outside, "--port", "0", "--plugins", plugins.toString())) {
            var http = HttpClient.newHttpClient();
            var messages = new LinkedBlockingQueue<String>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + teledrive.uri().getAuthority() + "/ws"), new Collector(messages))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(take(messages, "\"hello\"").contains("\"selected\":\"simulator\""));

            // Dropped in whole: written beside the folder, then moved in, as an author's cp onto one disk does.
            Path partial = Files.copy(jar, outside.resolve("tank.jar.part"));
            Files.move(partial, plugins.resolve("tank.jar"), StandardCopyOption.ATOMIC_MOVE);
            URI vehicles = teledrive.uri().resolve("/api/vehicles");
            await("the dropped-in tank is listed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> http.send(
                                    HttpRequest.newBuilder(vehicles).build(), HttpResponse.BodyHandlers.ofString())
                            .body()
                            .contains("\"id\":\"tank\""));

            send(ws, "{\"command\":\"select\",\"vehicle\":\"tank\",\"id\":1}");
            // select is answered at once; the tank takes commands once a state shows it connected
            List<String> selected =
                    takeEach(messages, "\"id\":1", "{\"id\":\"tank\",\"name\":\"Tank\",\"connected\":true");
            assertEquals("{\"type\":\"ack\",\"id\":1}", selected.get(0));
            send(ws, "{\"command\":\"claim\",\"id\":2}");
            assertEquals("{\"type\":\"ack\",\"id\":2}", take(messages, "\"id\":2"));
            send(ws, "{\"command\":\"turret\",\"angle\":90,\"id\":3}");
            assertEquals("{\"type\":\"ack\",\"id\":3}", take(messages, "\"id\":3"));
            assertTrue(Pattern.compile("\"turret\":90(\\.0)?[,}]")
                    .matcher(take(messages, "\"turret\":90"))
                    .find());
            send(ws, "{\"command\":\"fire\",\"rounds\":2,\"id\":4}");
            assertEquals("{\"type\":\"ack\",\"id\":4}", take(messages, "\"id\":4"));
            assertTrue(take(messages, "\"ammo\":18").contains("\"vehicle\":\"tank\""));
            send(ws, "{\"command\":\"turret\",\"angle\":200,\"id\":5}");
            String refused = take(messages, "\"id\":5");
            assertTrue(
                    refused.contains("\"code\":\"bad_message\"")
                            && refused.contains("'angle' must be from -180 to 180, not 200"),
                    refused);
            send(ws, "{\"command\":\"up\",\"speed\":15,\"duration\":0.5,\"id\":6}");
            assertEquals("{\"type\":\"ack\",\"id\":6}", take(messages, "\"id\":6"));
            take(messages, "\"speed\":0.5");
            assertEquals(0, teledrive.stop());
        }
    }

    @Test
    void aTemplateMovedOutOfTheKitFindsItAgainWithTheDocumentedLine() throws Exception {
        Path template = copy(KIT.resolve("template"), outside.resolve("my-vehicle"));
        Output lost = mvnw(template, "-B", "-o", "-q", "-Dmaven.repo.local=" + LOCAL_REPOSITORY, "validate");
        assertTrue(
                lost.code() != 0 && lost.text().contains("dev.teledrive:teledrive-plugin-parent:pom:" + API_VERSION),
                "without the kit, Maven names the parent it cannot find:\n" + lost.text());

        // The line kit/README.md and docs/plugins.md give.
        Files.writeString(
                template.resolve(".mvn/maven.config"),
                "-Dmaven.repo.local.tail=" + KIT.resolve("repository").toAbsolutePath() + "\n");
        Output found = mvnw(template, "-B", "-o", "-q", "-Dmaven.repo.local=" + LOCAL_REPOSITORY, "validate");
        assertEquals(0, found.code(), found.text());
    }

    /** Teledrive's artifacts under the API's version exist only in the kit, so a build that finds them used the kit. */
    private static void assertKitOnlyArtifacts() {
        for (String artifact : new String[] {"teledrive-plugin-api", "teledrive-plugin-parent"}) {
            Path installed = LOCAL_REPOSITORY.resolve("dev/teledrive/" + artifact + "/" + API_VERSION);
            assertFalse(
                    Files.exists(installed),
                    installed + " would hide the kit from this test: delete it (nothing of Teledrive's is ever"
                            + " installed under the API's version but the kit)");
        }
    }

    private record Output(int code, String text) {}

    /** Runs the template's own wrapper, in the template's folder, as an author would. */
    private Output mvnw(Path template, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(template.resolve("mvnw").toString()));
        command.addAll(List.of(args));
        Path log = outside.resolve("mvnw-" + System.nanoTime() + ".log");
        var builder = new ProcessBuilder(command)
                .directory(template.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Set by the Maven running this test: the template's Maven must find its own project folder.
        builder.environment().remove("MAVEN_PROJECTBASEDIR");
        builder.environment().remove("MAVEN_CMD_LINE_ARGS");
        Process p = builder.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the template's build took over 3 minutes:\n" + Files.readString(log));
        }
        return new Output(p.exitValue(), Files.readString(log));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var tree = Files.walk(from)) {
            for (Path source : tree.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void send(WebSocket ws, String message) throws Exception {
        ws.sendText(message, true).get(5, TimeUnit.SECONDS);
    }

    /** The next message that contains {@code needle}, skipping the others (telemetry, state). */
    /** The first message with each needle, whichever order they come in; others are dropped. */
    private static List<String> takeEach(BlockingQueue<String> messages, String... needles)
            throws InterruptedException {
        String[] found = new String[needles.length];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left;
                (left = deadline - System.nanoTime()) > 0
                        && Arrays.asList(found).contains(null); ) {
            String m = messages.poll(left, TimeUnit.NANOSECONDS);
            for (int i = 0; m != null && i < needles.length; i++) {
                if (found[i] == null && m.contains(needles[i])) {
                    found[i] = m;
                }
            }
        }
        if (Arrays.asList(found).contains(null)) {
            throw new AssertionError("not every one of " + Arrays.toString(needles) + " came within 10 s");
        }
        return List.of(found);
    }

    private static String take(BlockingQueue<String> messages, String needle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && m.contains(needle)) {
                return m;
            }
        }
        throw new AssertionError("no message with " + needle + " within 10 s");
    }

    private record Collector(BlockingQueue<String> messages) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }
    }
}
