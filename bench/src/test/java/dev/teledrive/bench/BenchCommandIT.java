package dev.teledrive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load client runs every network mode against a real server and reports sane counts (never times). */
class BenchCommandIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyNetworkModeRunsAgainstTheSimulator(@TempDir Path temp) throws Exception {
        try (TestServer server = TestServer.start(
                temp,
                c -> c.with("vehicle", "simulator")
                        .with("limits.messagesPerSecond", "0")
                        .with("limits.connectionsPerAddress", "0")
                        // each mode's driver connects anew: the last one's seat must not be held for a resume
                        .with("turns.graceSeconds", "0"))) {
            List<JsonNode> lines = run(
                    "rtt",
                    "pipeline",
                    "fanout",
                    "soak",
                    "--url",
                    server.ws().toString(),
                    "--n",
                    "300",
                    "--window",
                    "8",
                    "--seconds",
                    "1",
                    "--clients",
                    "20",
                    "--cycles",
                    "2",
                    "--per-cycle",
                    "5");
            assertEquals(
                    List.of("rtt", "pipeline", "fanout", "soak"),
                    lines.stream().map(l -> l.get("mode").asText()).toList());

            JsonNode rtt = lines.get(0);
            assertEquals(300, rtt.get("n").asLong());
            assertEquals(0, rtt.get("errors").asLong());
            assertTrue(rtt.get("p50_us").asLong() <= rtt.get("p99_us").asLong(), rtt.toString());

            JsonNode pipeline = lines.get(1);
            assertEquals(0, pipeline.get("errors").asLong());
            assertEquals(0, pipeline.get("unanswered").asLong());
            assertTrue(pipeline.get("acked_per_s").asLong() > 0, pipeline.toString());

            JsonNode fanout = lines.get(2);
            assertEquals(20, fanout.get("connected").asInt());
            assertTrue(fanout.get("ticks_median").asInt() > 0, "spectators saw telemetry: " + fanout);
            assertTrue(fanout.get("driver_n").asLong() > 0, fanout.toString());

            JsonNode soak = lines.get(3);
            assertEquals(0, soak.get("connections_after").asInt(), "every closed connection is let go: " + soak);
            assertTrue(soak.get("threads_after").asInt() > 0, soak.toString());
        }
    }

    @Test
    void theVideoModeWatchesTheSimulatorsCamera(@TempDir Path temp) throws Exception {
        try (TestServer server = TestServer.start(
                temp,
                c -> c.with("limits.messagesPerSecond", "0")
                        .with("limits.connectionsPerAddress", "0")
                        .with("limits.socketsPerAddress", "0"))) {
            JsonNode video = run(
                            "video", "--url", server.ws().toString(), "--viewers", "3", "--seconds", "2", "--n", "50")
                    .get(0);
            assertEquals("video", video.get("mode").asText());
            assertTrue(video.get("fps").asDouble() > 0, video.toString());
            assertTrue(video.get("frames_median").asLong() > 0, "the crowd saw frames: " + video);
            assertTrue(video.get("slow_viewer_frames").asLong() > 0, video.toString());
            assertTrue(video.has("one_viewer_age_p50_us") && video.has("driver_with_video_p99_us"), video.toString());
        }
    }

    @Test
    void theVideoModeSpreadsItsViewersOverSeveralFrontEnds(@TempDir Path temp) throws Exception {
        try (TestServer server = TestServer.start(
                temp,
                c -> c.with("limits.messagesPerSecond", "0")
                        .with("limits.connectionsPerAddress", "0")
                        .with("limits.socketsPerAddress", "0"))) {
            String url = server.ws().toString();
            JsonNode video = run(
                            "video",
                            "--url",
                            url,
                            "--crowd-url",
                            url + "," + url,
                            "--viewers",
                            "5",
                            "--seconds",
                            "2",
                            "--n",
                            "50")
                    .get(0);
            assertEquals(2, video.get("crowd_front_ends").asInt(), video.toString());
            assertTrue(video.get("frames_min").asLong() > 0, "every viewer of both crowds saw frames: " + video);
            assertTrue(video.get("crowd_age_p99_us").asLong() > 0, video.toString());
        }
    }

    @Test
    void theFleetModeDrivesEveryCarAndHandsOver(@TempDir Path temp) throws Exception {
        try (TestServer server = TestServer.start(
                temp,
                c -> c.with("simulator.cars", "c1,c2")
                        .with("vehicle", "simulator-c1")
                        .with("limits.messagesPerSecond", "0")
                        .with("limits.connectionsPerAddress", "0"))) {
            JsonNode fleet = run(
                            "fleet",
                            "--url",
                            server.ws().toString(),
                            "--cars",
                            "2",
                            "--spectators",
                            "10",
                            "--seconds",
                            "3",
                            "--handovers",
                            "5")
                    .get(0);
            assertEquals(2, fleet.get("cars").asInt(), fleet.toString());
            assertEquals(10, fleet.get("connected").asInt(), fleet.toString());
            assertTrue(fleet.get("spectator_ticks_min").asInt() > 0, "every spectator saw its car: " + fleet);
            assertEquals(5, fleet.get("handovers").asInt(), fleet.toString());
            assertTrue(fleet.get("server_acks").asLong() > 0, "the server's own view of the run: " + fleet);
            assertTrue(fleet.has("server_telemetry_skipped_fanout"), fleet.toString());
        }
    }

    @Test
    void theSafetyModeSeesEveryStop() throws Exception {
        JsonNode safety = run("safety", "--trials", "2").get(0);
        assertEquals(2, safety.get("trials").asInt());
        assertTrue(
                safety.has("deadman_overrun_p50_us")
                        && safety.has("disconnect_to_stop_max_us")
                        && safety.has("timed_overrun_max_us"),
                safety.toString());
    }

    @Test
    void anUnknownModeIsAUsageError() throws Exception {
        assertEquals(2, BenchCommand.run(new String[] {"warp"}));
    }

    /** Runs the command and returns its JSON lines. */
    private List<JsonNode> run(String... args) throws Exception {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        int code;
        try (var out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            code = BenchCommand.run(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
