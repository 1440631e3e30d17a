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
import java.util.Map;
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
 * its template and a project from {@code bin/teledrive new-plugin} built offline with their own
 * wrapper and nothing of Teledrive's but the kit, each jar dropped into a running server, and the
 * vehicle driven over the WebSocket.
 *
 * <p>The builds use a private local repository that sees the Maven plugins and libraries of the
 * Maven running this test but nothing of {@code dev.teledrive}: Teledrive's artifacts can then
 * come only from the kit, whatever a failed lookup or an old build left in {@code ~/.m2}.
 */
class PluginKitIT {

    private static final Path KIT = RunningTeledrive.DIST.resolve("kit");
    private static final String API_VERSION = System.getProperty("teledrive.api.version", "1.4.0");

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
        for (String suffix : new String[] {
            ".pom", ".jar", "-sources.jar", "-javadoc.jar", "-tests.jar", "-test-sources.jar", "-test-javadoc.jar"
        }) {
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
        // What an IDE shows for the API and its test kit: sources and Javadoc under Maven's classifiers.
        Map<String, String> expected = Map.of(
                "-javadoc.jar", "dev/teledrive/api/ParameterSpec.html",
                "-test-sources.jar", "dev/teledrive/api/testkit/TestCameraContext.java",
                "-test-javadoc.jar", "dev/teledrive/api/testkit/TestVehicleContext.html");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            try (var jar = new JarFile(api.resolve("teledrive-plugin-api-" + API_VERSION + e.getKey())
                    .toFile())) {
                assertTrue(jar.getEntry(e.getValue()) != null, e.getValue() + " in " + e.getKey());
            }
        }
        String apiPom = Files.readString(api.resolve("teledrive-plugin-api-" + API_VERSION + ".pom"));
        assertFalse(apiPom.contains("<parent>"), "the API's POM stands alone:\n" + apiPom);

        String parent = Files.readString(KIT.resolve("repository/dev/teledrive/teledrive-plugin-parent/" + API_VERSION
                + "/teledrive-plugin-parent-" + API_VERSION + ".pom"));
        assertTrue(
                parent.contains("<plugin.requires>&gt;=${teledrive.api.version} &amp; &lt;2.0.0</plugin.requires>")
                        && parent.contains("<teledrive.api.version>" + API_VERSION + "</teledrive.api.version>")
                        && parent.contains("org.pf4j.processor.ExtensionAnnotationProcessor")
                        && !parent.contains("<Plugin-License>"),
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
        Path kit = copy(KIT, outside.resolve("kit"));
        Path template = kit.resolve("template");
        Path jar = build(template, "tank");
        drive(jar, "tank");
    }

    @Test
    void aNewPluginProjectBuildsOfflineWhereverItIsMovedAndDrivesInARunningServer() throws Exception {
        Process create = new ProcessBuilder(
                        RunningTeledrive.DIST.resolve("bin/teledrive").toString(),
                        "new-plugin",
                        "pan-tilt",
                        outside.resolve("first/pan-tilt").toString(),
                        "--package",
                        "com.acme.turrets")
                .redirectErrorStream(true)
                .start();
        String said = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(create.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, create.exitValue(), said);
        assertTrue(
                said.contains("Wrote the plugin 'pan-tilt' (package com.acme.turrets, plugin API " + API_VERSION + ")"),
                said);

        // Moved, as an author's project moves: it still finds the kit, with no line to edit.
        Path project = Files.move(
                outside.resolve("first/pan-tilt"),
                Files.createDirectories(outside.resolve("src")).resolve("pan-tilt"));
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/acme/turrets/PanTiltProvider.java")));
        assertEquals(
                "-Dmaven.repo.local.tail=" + KIT.resolve("repository").toRealPath() + "\n",
                Files.readString(project.resolve(".mvn/maven.config")));
        Path jar = build(project, "pan-tilt");
        drive(jar, "pan-tilt");
    }

    /** Builds a plugin project offline with its wrapper and the private repository; returns its checked jar. */
    private Path build(Path project, String id) throws Exception {
        Path repository = privateRepository();
        long started = System.nanoTime();
        Output build = mvnw(project, "-B", "-o", "-Dmaven.repo.local=" + repository, "package");
        System.out.printf("plugin kit: the build of %s took %d ms%n", id, (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, build.code(), "the build of " + id + " failed:\n" + build.text());
        assertTrue(build.text().contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0"), build.text());
        assertFalse(Files.exists(repository.resolve("dev/teledrive")), "nothing of Teledrive's came from elsewhere");
        unlink(repository);
        Path jar = project.resolve("target/" + id + "-0.1.0-SNAPSHOT.jar");
        try (var plugin = new JarFile(jar.toFile())) {
            var manifest = plugin.getManifest().getMainAttributes();
            assertEquals(id, manifest.getValue("Plugin-Id"));
            assertEquals(">=" + API_VERSION + " & <2.0.0", manifest.getValue("Plugin-Requires"));
            assertEquals(null, manifest.getValue("Plugin-License"), "the licence is the author's to choose");
            assertTrue(plugin.getEntry("META-INF/extensions.idx") != null, "PF4J's annotation processor ran");
            assertTrue(plugin.getEntry("dev/teledrive/api/Vehicle.class") == null, "the API stays the host's");
        }
        return jar;
    }

    /** Drops the jar into a running server beside the simulator and drives its vehicle (the kit's tank, renamed). */
    private void drive(Path jar, String id) throws Exception {
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
            Path partial = Files.copy(jar, outside.resolve(id + ".jar.part"));
            Files.move(partial, plugins.resolve(id + ".jar"), StandardCopyOption.ATOMIC_MOVE);
            URI vehicles = teledrive.uri().resolve("/api/vehicles");
            await("the dropped-in " + id + " is listed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> http.send(
                                    HttpRequest.newBuilder(vehicles).build(), HttpResponse.BodyHandlers.ofString())
                            .body()
                            .contains("\"id\":\"" + id + "\""));

            send(ws, "{\"command\":\"select\",\"vehicle\":\"" + id + "\",\"id\":1}");
            // select is answered at once; the tank takes commands once a state shows it connected
            List<String> selected = takeEach(
                    messages,
                    Pattern.quote("\"id\":1"),
                    Pattern.quote("{\"id\":\"" + id + "\",\"name\":\"") + "[^\"]*"
                            + Pattern.quote("\",\"connected\":true"));
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
            assertTrue(take(messages, "\"ammo\":18").contains("\"vehicle\":\"" + id + "\""));
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

    /**
     * A local repository of this test's own that sees every entry of the Maven running it (its
     * plugins, PF4J, JUnit) through links, but none of {@code dev.teledrive}.
     */
    private Path privateRepository() throws IOException {
        Path repository = outside.resolve("m2-" + System.nanoTime());
        Files.createDirectories(repository.resolve("dev"));
        try (var top = Files.list(LOCAL_REPOSITORY)) {
            for (Path entry : top.toList()) {
                if (!entry.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(
                            repository.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        Path dev = LOCAL_REPOSITORY.resolve("dev");
        if (Files.isDirectory(dev)) {
            try (var groups = Files.list(dev)) {
                for (Path group : groups.toList()) {
                    if (!group.getFileName().toString().equals("teledrive")) {
                        Files.createSymbolicLink(
                                repository
                                        .resolve("dev")
                                        .resolve(group.getFileName().toString()),
                                group);
                    }
                }
            }
        }
        return repository;
    }

    /** Removes the private repository's links, so the temporary folder's clean-up never meets them. */
    private static void unlink(Path repository) throws IOException {
        for (Path folder : List.of(repository, repository.resolve("dev"))) {
            try (var entries = Files.list(folder)) {
                for (Path entry : entries.toList()) {
                    if (Files.isSymbolicLink(entry)) {
                        Files.delete(entry);
                    }
                }
            }
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

    /** The first message matching each pattern, whichever order they come in; others are dropped. */
    private static List<String> takeEach(BlockingQueue<String> messages, String... patterns)
            throws InterruptedException {
        String[] found = new String[patterns.length];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left;
                (left = deadline - System.nanoTime()) > 0
                        && Arrays.asList(found).contains(null); ) {
            String m = messages.poll(left, TimeUnit.NANOSECONDS);
            for (int i = 0; m != null && i < patterns.length; i++) {
                if (found[i] == null && Pattern.compile(patterns[i]).matcher(m).find()) {
                    found[i] = m;
                }
            }
        }
        if (Arrays.asList(found).contains(null)) {
            throw new AssertionError("not every one of " + Arrays.toString(patterns) + " came within 10 s");
        }
        return List.of(found);
    }

    /** The next message that contains {@code needle}, skipping the others (telemetry, state). */
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

    /** Whole messages only: the JDK's client may hand one message over in parts. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
