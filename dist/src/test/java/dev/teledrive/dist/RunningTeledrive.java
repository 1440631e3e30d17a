package dev.teledrive.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged distribution's bin/teledrive, running as a real process. */
final class RunningTeledrive implements AutoCloseable {

    static final Path DIST = Path.of(System.getProperty("teledrive.dist", "target/teledrive"));
    private static final Pattern READY = Pattern.compile("Teledrive ready at (http://127\\.0\\.0\\.1:(\\d+)/)");

    private final Process process;
    private final URI uri;
    /** Kills the server when the test JVM exits without {@link #close} (a build stopped with Ctrl-C). */
    private final Thread killOnExit;

    private RunningTeledrive(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
        this.killOnExit = new Thread(process::destroyForcibly, "teledrive-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts bin/teledrive with these arguments from {@code workDir} and waits for its ready line. */
    static RunningTeledrive start(Path workDir, String... args) throws Exception {
        return start(DIST, workDir, args);
    }

    /** Starts the bin/teledrive of the distribution at {@code home}. */
    static RunningTeledrive start(Path home, Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/teledrive").toAbsolutePath().toString());
        command.addAll(List.of(args));
        return start(command, workDir);
    }

    /** Runs a command that starts Teledrive some other way, and waits for its ready line. */
    static RunningTeledrive start(List<String> command, Path workDir) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve("stderr.log").toFile()))
                .start();
        try {
            return new RunningTeledrive(
                    process, URI.create(awaitReadyLine(process).group(1)));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI uri() {
        return uri;
    }

    Process process() {
        return process;
    }

    /** SIGTERM, then waits for the exit code. */
    int stop() throws InterruptedException {
        forgetHook();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        forgetHook();
        process.destroyForcibly();
    }

    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook kills the server
        }
    }

    private static Matcher awaitReadyLine(Process process) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String l; (l = reader.readLine()) != null; ) {
                            Matcher m = READY.matcher(l);
                            if (m.matches()) {
                                return m;
                            }
                        }
                        throw new IllegalStateException("teledrive ended without its ready line");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(30, TimeUnit.SECONDS);
    }
}
