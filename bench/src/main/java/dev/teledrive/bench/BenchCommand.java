package dev.teledrive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code teledrive-bench}: load and timing measurements, one JSON line per mode. */
@Command(
        name = "teledrive-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures a drive server over real WebSockets, one JSON line per mode.",
            "Without --url it starts this distribution's server on a free port, with the",
            "rate limit and connection caps off, and stops it afterwards."
        })
public final class BenchCommand implements Callable<Integer> {

    /** What can be measured. */
    enum Mode {
        /** One command in flight: command to ack latency. */
        rtt,
        /** A window of commands in flight: acked messages a second. */
        pipeline,
        /** Spectators counting telemetry while a driver runs rtt. */
        fanout,
        /** Connect and disconnect cycles: threads, heap and connections before and after. */
        soak,
        /** Video viewers: frame age, frames per viewer, a slow viewer, the driver beside them. */
        video,
        /** Many cars, a driver each and spectators spread over them; hand-overs between two drivers. */
        fleet,
        /** Stop after dead-man silence, a disconnect and a timed command (in this process). */
        safety,
        /** Start to ready, idle memory and CPU (starts the distribution's server). */
        startup
    }

    @Parameters(
            paramLabel = "MODE",
            arity = "0..*",
            description = "rtt, pipeline, fanout, soak, video, fleet, safety, startup or all (default: all).")
    List<String> modes = new ArrayList<>();

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "A running server's WebSocket, for example ws://localhost:8000/ws.")
    URI url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Authenticate every connection with this token first.")
    String token;

    @Option(
            names = "--n",
            paramLabel = "N",
            description = "rtt: commands measured after the warm-up (default: ${DEFAULT-VALUE}).")
    long n = 20_000;

    @Option(
            names = "--window",
            paramLabel = "N",
            description = "pipeline: commands in flight (default: ${DEFAULT-VALUE}).")
    int window = 64;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            description = "pipeline, fanout, video and fleet: how long to run (default: ${DEFAULT-VALUE}).")
    int seconds = 10;

    @Option(names = "--clients", paramLabel = "N", description = "fanout: spectators (default: ${DEFAULT-VALUE}).")
    int clients = 5000;

    @Option(
            names = "--hz",
            paramLabel = "HZ",
            description = "fanout: the server's telemetry rate (default: ${DEFAULT-VALUE}).")
    int hz = 20;

    @Option(
            names = "--cycles",
            paramLabel = "N",
            description = "soak: connect and disconnect cycles (default: ${DEFAULT-VALUE}).")
    int cycles = 50;

    @Option(
            names = "--per-cycle",
            paramLabel = "N",
            description = "soak: connections a cycle opens (default: ${DEFAULT-VALUE}).")
    int perCycle = 100;

    @Option(
            names = "--trials",
            paramLabel = "N",
            description = "safety: trials of each stop (default: ${DEFAULT-VALUE}).")
    int trials = 20;

    @Option(
            names = "--camera",
            paramLabel = "ID",
            description = "video: the camera to watch (default: ${DEFAULT-VALUE}, the simulator's).")
    String camera = "simulator";

    @Option(names = "--codec", paramLabel = "CODEC", description = "video: jpeg or h264 (default: ${DEFAULT-VALUE}).")
    String codec = "jpeg";

    @Option(
            names = "--viewers",
            paramLabel = "N",
            description = "video: viewers at once beside the driver (default: ${DEFAULT-VALUE}).")
    int viewers = 100;

    @Option(names = "--cars", paramLabel = "N", description = "fleet: simulated cars (default: ${DEFAULT-VALUE}).")
    int cars = 20;

    @Option(
            names = "--spectators",
            paramLabel = "N",
            description = "fleet: spectators spread over the cars (default: ${DEFAULT-VALUE}).")
    int spectators = 1000;

    @Option(
            names = "--handovers",
            paramLabel = "N",
            description = "fleet: hand-overs between two drivers (default: ${DEFAULT-VALUE}).")
    int handovers = 200;

    @Option(
            names = "--sites",
            paramLabel = "SITE",
            split = ",",
            description = "fleet: the cars are at these sites, reached through a hub (--url): "
                    + "--cars at each, named simulator-cN@SITE.")
    List<String> sites = new ArrayList<>();

    @Option(
            names = "--crowd-url",
            paramLabel = "URL",
            split = ",",
            description = "fleet and video: where the spectators or viewers connect, spread evenly (several hubs;"
                    + " for video give --camera as CAMERA@SITE); default: --url.")
    List<URI> crowdUrls = new ArrayList<>();

    @Option(names = "--starts", paramLabel = "N", description = "startup: server starts (default: ${DEFAULT-VALUE}).")
    int starts = 5;

    /** How long a server this command started is driven, unmeasured, before the measurements. */
    private static final int WARM_UP_SECONDS = 5;

    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the load client and returns the exit code. */
    public static int run(String[] args) {
        return new CommandLine(new BenchCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        EnumSet<Mode> chosen = chosen();
        Path home = home();
        if (chosen.contains(Mode.startup)) {
            print(Mode.startup, new StartupBench(requireHome(home)).run(starts, Duration.ofSeconds(10)));
        }
        if (chosen.contains(Mode.safety)) {
            print(Mode.safety, new SafetyBench(trials).run());
        }
        EnumSet<Mode> network = EnumSet.of(Mode.rtt, Mode.pipeline, Mode.fanout, Mode.soak, Mode.video);
        network.retainAll(chosen);
        if (!network.isEmpty()) {
            measure(network, home);
        }
        if (chosen.contains(Mode.fleet)) {
            fleet(home);
        }
        return 0;
    }

    /** The fleet mode, on a server of its own with the cars when this command starts one. */
    private void fleet(Path home) throws Exception {
        ServerProcess server = url == null
                ? ServerProcess.start(
                        requireHome(home),
                        List.of(
                                "--set",
                                FleetBench.carsSetting(cars),
                                "--set",
                                "vehicle=" + FleetBench.cars(cars).get(0)))
                : null;
        URI target = server == null ? url : server.webSocket();
        try (var client = new BenchClient(target, token)) {
            if (server != null) {
                new PipelineBench(client).run(window, Duration.ofSeconds(WARM_UP_SECONDS));
                new RttBench(client).run(n, Duration.ofSeconds(WARM_UP_SECONDS));
                // The fan-out to a crowd compiles too: uncompiled, it dropped hundreds of samples a run.
                new FanoutBench(client).run(spectators, Duration.ofSeconds(WARM_UP_SECONDS), hz);
            }
            print(
                    Mode.fleet,
                    new FleetBench(client, crowdUrls)
                            .run(FleetBench.cars(cars, sites), spectators, Duration.ofSeconds(seconds), hz, handovers));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private void measure(EnumSet<Mode> network, Path home) throws Exception {
        ServerProcess server = url == null ? ServerProcess.start(requireHome(home), List.of()) : null;
        URI target = server == null ? url : server.webSocket();
        try (var client = new BenchClient(target, token)) {
            if (server != null) {
                // A server just started still compiles its hot path; a running one has long since.
                new PipelineBench(client).run(window, Duration.ofSeconds(WARM_UP_SECONDS));
                new RttBench(client).run(n, Duration.ofSeconds(WARM_UP_SECONDS));
            }
            if (network.contains(Mode.rtt)) {
                print(Mode.rtt, new RttBench(client).run(n, Duration.ofMinutes(2)));
            }
            if (network.contains(Mode.pipeline)) {
                print(Mode.pipeline, new PipelineBench(client).run(window, Duration.ofSeconds(seconds)));
            }
            if (network.contains(Mode.fanout)) {
                print(Mode.fanout, new FanoutBench(client).run(clients, Duration.ofSeconds(seconds), hz));
            }
            if (network.contains(Mode.video)) {
                print(
                        Mode.video,
                        new VideoBench(client, crowdUrls).run(camera, codec, viewers, Duration.ofSeconds(seconds)));
            }
            if (network.contains(Mode.soak)) {
                print(Mode.soak, new SoakBench(client).run(cycles, perCycle));
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private EnumSet<Mode> chosen() {
        if (modes.isEmpty() || modes.contains("all")) {
            return EnumSet.allOf(Mode.class);
        }
        EnumSet<Mode> chosen = EnumSet.noneOf(Mode.class);
        for (String m : modes) {
            try {
                chosen.add(Mode.valueOf(m));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "unknown mode '" + m
                                + "': choose rtt, pipeline, fanout, soak, video, fleet, safety, startup or all");
            }
        }
        return chosen;
    }

    private static Path home() {
        String home = System.getProperty("teledrive.home");
        return home == null ? null : Path.of(home);
    }

    private Path requireHome(Path home) {
        if (home == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "no distribution to start: run bin/teledrive-bench from one, or give --url");
        }
        return home;
    }

    private void print(Mode mode, Map<String, Object> result) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("mode", mode.name());
        line.put("server", url == null ? "teledrive" : url.toString());
        line.putAll(result);
        System.out.println(json.writeValueAsString(line));
        System.out.flush();
    }
}
