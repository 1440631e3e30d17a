package dev.teledrive.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution's {@code bin/teledrive} started as a child process on a free port, with the
 * public-hosting limits off so they do not distort a benchmark, and a dropped connection's seat
 * freed at once rather than held for its resume token, so one mode's driver never holds the next
 * mode's seat.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Teledrive ready at (https?)://([^/]+)/");
    private static final List<String> NO_LIMITS = List.of(
            "--set",
            "limits.messagesPerSecond=0",
            "--set",
            "limits.connections=0",
            "--set",
            "limits.connectionsPerAddress=0",
            "--set",
            "limits.sockets=0",
            "--set",
            "limits.socketsPerAddress=0",
            "--set",
            "turns.placesPerAddress=0",
            "--set",
            "turns.graceSeconds=0");

    private final Process process;
    private final URI webSocket;
    private final long readyNanos;

    private ServerProcess(Process process, URI webSocket, long readyNanos) {
        this.process = process;
        this.webSocket = webSocket;
        this.readyNanos = readyNanos;
    }

    /** Starts the server in the installation at {@code home} and waits for its ready line. */
    static ServerProcess start(Path home, List<String> extraArguments) throws IOException, InterruptedException {
        Path script = home.resolve("bin").resolve("teledrive");
        if (!Files.isExecutable(script)) {
            throw new IOException(script + " is missing: run the bench from a Teledrive distribution, or give --url");
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), "--port", "0"));
        command.addAll(NO_LIMITS);
        command.addAll(extraArguments);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var ready = new CompletableFuture<URI>();
        Thread reader = new Thread(() -> read(process, ready), "teledrive-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = ready.get(30, TimeUnit.SECONDS);
            return new ServerProcess(process, uri, System.nanoTime() - start);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("Teledrive did not start: " + e.getMessage(), e);
        }
    }

    /** Watches the output for the ready line and then keeps draining it, so the child never blocks on a full pipe. */
    private static void read(Process process, CompletableFuture<URI> ready) {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(
                            URI.create((m.group(1).equals("https") ? "wss" : "ws") + "://" + m.group(2) + "/ws"));
                }
            }
            ready.completeExceptionally(new IOException("it exited with code " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    URI webSocket() {
        return webSocket;
    }

    /** From starting the process to its ready line, JVM start included. */
    long readyNanos() {
        return readyNanos;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server stops its vehicles and exits
        ChildProcesses.awaitOrKill(process, Duration.ofSeconds(10));
    }
}
