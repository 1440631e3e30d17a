package dev.teledrive.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Crowd} in a child JVM, started with this JVM's Java, class path and collector: the
 * benchmark's drivers stay in this one, as real drivers and spectators sit at different machines.
 * It talks to {@link CrowdMain} in lines over the child's standard input and output.
 */
final class CrowdProcess implements AutoCloseable {

    /** Starts a crowd that {@linkplain CrowdSpec#yields yields} at a lower CPU priority. */
    private static final Path NICE = Path.of("/usr/bin/nice");

    private static final Duration REPLY_LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private CrowdProcess(Process process) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "bench-crowd-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the crowd and returns once every member has had its first tick or frame. */
    static CrowdProcess start(CrowdSpec spec) throws IOException, InterruptedException {
        var crowd = new CrowdProcess(new ProcessBuilder(command(spec))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
        try {
            crowd.send(JSON.writeValueAsString(spec));
            crowd.await("settled", CrowdMain.SETTLE_LIMIT.plus(REPLY_LIMIT));
            return crowd;
        } catch (IOException | RuntimeException | InterruptedException e) {
            crowd.close();
            throw e;
        }
    }

    /** Java, the options that shape its memory and collector, the class path and the child's main class. */
    private static List<String> command(CrowdSpec spec) {
        List<String> command = new ArrayList<>();
        if (spec.yields() && Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xm") || (option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
                command.add(option);
            }
        }
        // A young JVM's first class-metadata collection is a full one: 370 ms measured mid-run.
        command.add("-XX:MetaspaceSize=256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrowdMain.class.getName());
        return command;
    }

    /** Counting starts now: once this returns, the crowd counts. */
    void startCounting() throws IOException, InterruptedException {
        send("count");
        await("counting", REPLY_LIMIT);
    }

    /** Stops counting: what each member got meanwhile (see {@link Crowd#stopCounting}). */
    Map<String, Object> stopCounting() throws IOException, InterruptedException {
        send("report");
        return await(null, REPLY_LIMIT);
    }

    private void send(String line) throws IOException {
        requests.write(line);
        requests.write('\n');
        requests.flush();
    }

    /** The next reply, which must hold {@code field} when one is named; an error reply throws. */
    private Map<String, Object> await(String field, Duration limit) throws IOException, InterruptedException {
        String line = replies.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IOException("the crowd did not answer within " + limit);
        }
        Map<String, Object> reply = JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
        if (reply.containsKey("error") || (field != null && !reply.containsKey(field))) {
            throw new IOException("the crowd failed: " + line);
        }
        return reply;
    }

    private void readReplies() {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) { // the protocol's lines, or the child's own output
                if (line.startsWith(CrowdMain.PREFIX)) {
                    replies.add(line.substring(CrowdMain.PREFIX.length()));
                } else {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            // the child is gone: said below
        }
        replies.add("{\"error\":\"the crowd exited\"}");
    }

    /** Ends the child's input, which closes the crowd; a child that does not leave in time is killed. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // it exited already
        }
        ChildProcesses.awaitOrKill(process, Duration.ofSeconds(20));
    }
}
