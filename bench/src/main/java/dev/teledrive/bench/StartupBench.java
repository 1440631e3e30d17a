package dev.teledrive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the distribution's server several times: how long to the ready line, and, once it
 * has settled with no client, what it costs to keep running (resident memory and CPU, read from
 * Linux's {@code /proc}).
 */
final class StartupBench {

    /** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux we ship for. */
    private static final double USER_HZ = 100;

    private final Path home;

    StartupBench(Path home) {
        this.home = home;
    }

    Map<String, Object> run(int starts, Duration idle) throws Exception {
        long[] readyMillis = new long[starts];
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < starts; i++) {
            try (ServerProcess server = ServerProcess.start(home, List.of())) {
                readyMillis[i] = server.readyNanos() / 1_000_000;
                if (i == starts - 1) {
                    Thread.sleep(2000); // start-up work (JIT, the first GC) is not idle cost
                    long cpuBefore = cpuTicks(server.pid());
                    long wallBefore = System.nanoTime();
                    Thread.sleep(idle.toMillis());
                    double cpuSeconds = (cpuTicks(server.pid()) - cpuBefore) / USER_HZ;
                    double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
                    result.put("idle_seconds", idle.toSeconds());
                    result.put("idle_cpu_pct", Math.round(1000 * cpuSeconds / wallSeconds) / 10.0);
                    result.put("idle_rss_mb", rssKb(server.pid()) / 1024);
                }
            }
        }
        Arrays.sort(readyMillis);
        result.put("starts", starts);
        result.put("ready_ms_min", readyMillis[0]);
        result.put("ready_ms_median", readyMillis[starts / 2]);
        result.put("ready_ms_max", readyMillis[starts - 1]);
        return result;
    }

    /** User plus system CPU of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which may hold spaces, so split after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
