package dev.teledrive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The child side of {@link CrowdProcess}: reads a {@link CrowdSpec} line, connects that crowd and
 * then answers one line per request on standard input ({@code count}, {@code report}) with a line
 * of its own on standard output. The end of its input (the parent closed it, or died) closes the
 * crowd and ends the process, so a crowd never outlives its benchmark.
 */
public final class CrowdMain {

    /** How long a crowd may take to connect and see its first ticks or frames. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    /** Marks the protocol's lines on standard output; anything else there is the child's own output. */
    static final String PREFIX = "crowd:";

    private CrowdMain() {}

    public static void main(String[] args) throws Exception {
        var json = new ObjectMapper();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        String specLine = in.readLine();
        if (specLine == null) {
            return;
        }
        CrowdSpec spec = json.readValue(specLine, CrowdSpec.class);
        try (var client = new BenchClient(spec.url(), spec.token());
                Crowd crowd = open(spec, client)) {
            crowd.awaitSettled(SETTLE_LIMIT);
            reply(out, json, Map.of("settled", true));
            String request;
            while ((request = in.readLine()) != null) {
                switch (request) {
                    case "count" -> {
                        crowd.startCounting();
                        reply(out, json, Map.of("counting", true));
                    }
                    case "report" -> reply(out, json, crowd.stopCounting());
                    default -> reply(out, json, Map.of("error", "unknown request '" + request + "'"));
                }
            }
        } catch (Exception e) {
            reply(out, json, Map.of("error", String.valueOf(e)));
            throw e;
        }
    }

    /** Connects the crowd the spec describes. */
    private static Crowd open(CrowdSpec spec, BenchClient client) throws Exception {
        return switch (spec.kind()) {
            case "spectators" -> new Spectators(client, spec.cars(), spec.count());
            case "viewers" -> new Viewers(client, spec.watch(), spec.count(), spec.slowBytesPerSecond());
            default -> throw new IllegalArgumentException("no crowd of kind '" + spec.kind() + "'");
        };
    }

    private static void reply(PrintStream out, ObjectMapper json, Map<String, Object> message) throws Exception {
        out.println(PREFIX + json.writeValueAsString(message));
        out.flush();
    }
}
