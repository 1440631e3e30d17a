package dev.teledrive.dist;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.config.ConfigKey;
import dev.teledrive.server.config.ConfigKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged distribution, run the way a user runs it: bin/teledrive in a real process. */
class DistributionIT {

    private static final Path DIST = RunningTeledrive.DIST;

    @TempDir
    Path elsewhere;

    @Test
    void startsFromAnyFolderServesTheSimulatorAndStopsCleanlyOnSigterm() throws Exception {
        long started = System.nanoTime();
        try (RunningTeledrive teledrive = RunningTeledrive.start(elsewhere, "--port", "0")) {
            URI page = teledrive.uri();
            System.out.printf("distribution: ready line after %d ms%n", (System.nanoTime() - started) / 1_000_000);

            var http = HttpClient.newHttpClient();
            var health = http.send(
                    HttpRequest.newBuilder(page.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("Teledrive"));

            var messages = new LinkedBlockingQueue<String>();
            var closed = new CompletableFuture<Integer>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + page.getAuthority() + "/ws"), new Collector(messages, closed))
                    .get(10, TimeUnit.SECONDS);
            String hello = poll(messages);
            assertTrue(hello.startsWith("{\"type\":\"hello\""), hello);
            assertTrue(hello.contains("\"selected\":\"simulator\""), hello);
            ws.sendText("{\"command\":\"up\",\"duration\":0.3,\"id\":1}", true).get(5, TimeUnit.SECONDS);
            assertEquals("{\"type\":\"ack\",\"id\":1}", pollMatching(messages, "\"ack\""));
            assertTrue(pollMatching(messages, "\"telemetry\"").contains("\"vehicle\":\"simulator\""));

            assertEquals(0, teledrive.stop(), "exit code after SIGTERM");
            assertEquals(1001, closed.get(5, TimeUnit.SECONDS), "connections close with 1001");
            String log = Files.readString(elsewhere.resolve("stderr.log"));
            assertTrue(log.contains("stopping every vehicle"), log);
        }
    }

    @Test
    void aBadOptionIsOneClearLineAndExitCodeTwo() throws Exception {
        Process p = new ProcessBuilder(DIST.resolve("bin/teledrive").toString(), "--set", "limits.frameBytes=1")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.contains("teledrive: configuration key 'limits.frameBytes' must be from 256"), output);
    }

    @Test
    void onlyARunThatGotReadyLeavesAClassArchiveForLaterStarts() throws Exception {
        Path home = elsewhere.resolve("teledrive");
        copyWithoutClassArchives(DIST, home);
        Process failing = new ProcessBuilder(home.resolve("bin/teledrive").toString(), "--set", "limits.frameBytes=1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(failing.waitFor(20, TimeUnit.SECONDS));
        assertEquals(List.of(), classArchives(home), "a run that never got ready records nothing");
        try (RunningTeledrive first = RunningTeledrive.start(home, elsewhere, "--port", "0")) {
            awaitClassArchive(home);
            assertEquals(0, first.stop());
        }
        List<String> recorded = classArchives(home);
        assertEquals(1, recorded.size(), recorded.toString());
        assertTrue(recorded.get(0).matches("teledrive-java[^/]*\\.jsa"), "written under its final name: " + recorded);
        Path archive = home.resolve("lib").resolve(recorded.get(0));
        var written = Files.getLastModifiedTime(archive);
        try (RunningTeledrive second = RunningTeledrive.start(home, elsewhere, "--port", "0")) {
            assertEquals(0, second.stop());
        }
        assertEquals(recorded, classArchives(home), "the next start maps it and writes no other");
        assertEquals(written, Files.getLastModifiedTime(archive));

        Path moved = Files.move(home, elsewhere.resolve("moved"));
        try (RunningTeledrive third = RunningTeledrive.start(moved, elsewhere, "--port", "0")) {
            awaitClassArchive(moved);
            assertEquals(0, third.stop());
        }
        List<String> afterTheMove = classArchives(moved);
        assertEquals(
                1, afterTheMove.size(), "the old archive, useless where the jars now are, is gone: " + afterTheMove);
        assertTrue(!afterTheMove.get(0).equals(recorded.get(0)), afterTheMove.toString());
    }

    /** The archive is written in the background once the server is ready. */
    private static void awaitClassArchive(Path home) {
        await("a class archive is written")
                .atMost(Duration.ofSeconds(15))
                .until(() -> classArchives(home).stream().anyMatch(n -> n.endsWith(".jsa")));
    }

    private static List<String> classArchives(Path home) throws IOException {
        try (var files = Files.list(home.resolve("lib"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains(".jsa"))
                    .sorted()
                    .toList();
        }
    }

    private static void copyWithoutClassArchives(Path from, Path to) throws IOException {
        try (var tree = Files.walk(from)) {
            for (Path source : tree.filter(p -> !p.getFileName().toString().contains(".jsa"))
                    .toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void theLoadClientMeasuresARunningServerAndLeavesTheClassArchiveAlone() throws Exception {
        Path home = elsewhere.resolve("teledrive");
        copyWithoutClassArchives(DIST, home);
        String bench = home.resolve("bin/teledrive-bench").toString();
        Output help = run(List.of(bench, "--help"));
        assertEquals(0, help.code(), help.text());
        assertTrue(
                help.text().contains("Usage: teledrive-bench")
                        && help.text()
                                .replaceAll("\\s+", " ") // the help wraps its lines
                                .contains("rtt, pipeline, fanout, soak, video, fleet, safety, startup or all"),
                help.text());

        try (RunningTeledrive teledrive =
                RunningTeledrive.start(elsewhere, "--port", "0", "--set", "limits.messagesPerSecond=0")) {
            String ws = "ws://" + teledrive.uri().getAuthority() + "/ws";
            Output rtt = run(List.of(bench, "rtt", "--url", ws, "--n", "200"));
            assertEquals(0, rtt.code(), rtt.text());
            assertTrue(
                    rtt.text()
                            .lines()
                            .anyMatch(l -> l.startsWith("{\"mode\":\"rtt\"") && l.contains("\"n\":200,\"errors\":0,")),
                    rtt.text());
            assertEquals(0, teledrive.stop());
        }
        assertEquals(
                List.of(),
                classArchives(home),
                "the class archive is the server's: the load client neither maps nor writes one");
    }

    @Test
    void theServerNeedsNoneOfTheLoadClientsLibraries() throws Exception {
        List<String> serverJars;
        try (var lib = Files.list(DIST.resolve("lib"))) {
            serverJars = lib.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar") && !BENCH_ONLY.matcher(n).lookingAt())
                    .sorted()
                    .toList();
        }
        assertTrue(serverJars.stream().anyMatch(n -> n.startsWith("teledrive-server-")), serverJars.toString());
        String classPath = String.join(
                java.io.File.pathSeparator,
                serverJars.stream()
                        .map(n ->
                                DIST.resolve("lib").resolve(n).toAbsolutePath().toString())
                        .toList());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RunningTeledrive teledrive = RunningTeledrive.start(
                List.of(
                        java,
                        "-Dteledrive.home=" + DIST.toAbsolutePath(),
                        "-cp",
                        classPath,
                        "dev.teledrive.server.cli.Main",
                        "--port",
                        "0"),
                elsewhere)) {
            var http = HttpClient.newHttpClient();
            var messages = new LinkedBlockingQueue<String>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://" + teledrive.uri().getAuthority() + "/ws"),
                            new Collector(messages, new CompletableFuture<>()))
                    .get(10, TimeUnit.SECONDS);
            String hello = poll(messages);
            assertTrue(hello.startsWith("{\"type\":\"hello\""), hello);
            ws.sendText("{\"command\":\"up\",\"duration\":0.3,\"id\":1}", true).get(5, TimeUnit.SECONDS);
            assertEquals("{\"type\":\"ack\",\"id\":1}", pollMatching(messages, "\"ack\""));
            assertEquals(0, teledrive.stop());
        }
    }

    /** The jars in lib/ that only the load client uses: itself, Jetty's WebSocket client API and HdrHistogram. */
    private static final Pattern BENCH_ONLY = Pattern.compile("teledrive-bench-|jetty-websocket-jetty-|HdrHistogram-");

    private record Output(int code, String text) {}

    private static Output run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), text);
        return new Output(p.exitValue(), text);
    }

    @Test
    void theConfigurationFileDocumentsEveryHostKey() throws IOException {
        String conf = Files.readString(DIST.resolve("conf/teledrive.properties"));
        for (ConfigKey key : ConfigKeys.ALL) {
            assertTrue(conf.contains("#" + key.name() + "="), "conf/teledrive.properties documents " + key.name());
        }
    }

    @Test
    void theLayoutAndTheArchives() throws Exception {
        assertTrue(Files.isExecutable(DIST.resolve("bin/teledrive")));
        assertTrue(Files.isExecutable(DIST.resolve("bin/teledrive-bench")));
        assertTrue(Files.isRegularFile(DIST.resolve("bin/teledrive.bat")));
        for (String recipe : new String[] {
            "deploy/teledrive.service",
            "deploy/Caddyfile",
            "deploy/nginx-teledrive.conf",
            "docs/internet.md",
            "docs/iracer.md",
            "docs/donkeycar.md",
            "docs/video.md",
            "docs/protocol.md"
        }) {
            assertTrue(Files.isRegularFile(DIST.resolve(recipe)), recipe + " ships with the distribution");
        }
        try (var plugins = Files.list(DIST.resolve("plugins"))) {
            var names = plugins.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(4, names.size(), names.toString());
            assertTrue(
                    names.get(0).startsWith("teledrive-plugin-donkeycar-")
                            && names.get(1).startsWith("teledrive-plugin-ffmpeg-camera-")
                            && names.get(2).startsWith("teledrive-plugin-iracer-")
                            && names.get(3).startsWith("teledrive-plugin-simulator-"),
                    names.toString());
        }
        try (var lib = Files.list(DIST.resolve("lib"))) {
            var names = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(
                    names.stream()
                            .noneMatch(n -> n.contains("plugin-simulator")
                                    || n.contains("plugin-iracer")
                                    || n.contains("plugin-ffmpeg-camera")
                                    || n.contains("plugin-donkeycar")
                                    || n.contains("iracer-protocol")
                                    || n.contains("bluecove")),
                    "plugins keep their classes to themselves: " + names);
            assertTrue(
                    names.stream().anyMatch(n -> n.startsWith("teledrive-plugin-api-")),
                    "the plugin API is the host's: " + names);
            assertTrue(
                    names.stream().anyMatch(n -> n.startsWith("teledrive-bench-")), "the load client ships: " + names);
        }
        String archives = System.getProperty("teledrive.archives", "target/teledrive");
        Path tar = Path.of(archives + ".tar.gz");
        assertTrue(Files.isRegularFile(Path.of(archives + ".zip")));
        Process list = new ProcessBuilder("tar", "-tvzf", tar.toString())
                .redirectErrorStream(true)
                .start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(20, TimeUnit.SECONDS));
        String top = tar.getFileName().toString().replace(".tar.gz", "");
        assertTrue(
                Pattern.compile("(?m)^-rwxr-xr-x .* " + Pattern.quote(top + "/bin/teledrive") + "$")
                        .matcher(listing)
                        .find(),
                listing);
        assertTrue(
                Pattern.compile("(?m)^-rwxr-xr-x .* " + Pattern.quote(top + "/bin/teledrive-bench") + "$")
                        .matcher(listing)
                        .find(),
                listing);
    }

    private static String poll(BlockingQueue<String> messages) throws InterruptedException {
        String m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s");
        }
        return m;
    }

    private static String pollMatching(BlockingQueue<String> messages, String needle) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String m = poll(messages);
            if (m.contains(needle)) {
                return m;
            }
        }
        throw new AssertionError("no message with " + needle);
    }

    /** Collects whole text messages (the JDK's client may hand one over in parts) and the close code. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> messages;
        private final CompletableFuture<Integer> closed;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<String> messages, CompletableFuture<Integer> closed) {
            this.messages = messages;
            this.closed = closed;
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

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }
    }
}
