package dev.teledrive.plugins.ffmpegcamera;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.plugins.ffmpegcamera.jpeg.JpegSplitter;
import dev.teledrive.plugins.ffmpegcamera.process.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what docs/video.md quotes: ffmpeg's CPU for each kind of camera input and the delay
 * from a picture entering ffmpeg's filter graph to its JPEG leaving our splitter. Not a test:
 * run it by hand with {@code -Dtest=CostProbe -Dteledrive.measure=true}; it prints a table.
 */
@EnabledIfSystemProperty(named = "teledrive.measure", matches = "true")
class CostProbe {

    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
    private static final Pattern SHOWINFO = Pattern.compile("Parsed_showinfo.* n: *(\\d+) ");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        String src640 = "-re -f lavfi -i testsrc2=size=640x480:rate=30";
        String src720 = "-re -f lavfi -i testsrc2=size=1280x720:rate=30";
        List<String> rows = new ArrayList<>();
        rows.add(run("testsrc2 640x480@30, not encoded (the source alone)", nullOutput(src640)));
        rows.add(run("testsrc2 640x480@30 -> JPEG q5 (the default)", command(Map.of("input", src640))));
        rows.add(run("testsrc2 640x480@30 -> JPEG q2", command(Map.of("input", src640, "quality", "2"))));
        rows.add(run("testsrc2 640x480@30 -> JPEG q10", command(Map.of("input", src640, "quality", "10"))));
        rows.add(run("testsrc2 1280x720@30, not encoded (the source alone)", nullOutput(src720)));
        rows.add(run("testsrc2 1280x720@30 -> JPEG q5", command(Map.of("input", src720))));
        Path mjpeg = make("camera.mkv", "640x480", "-c:v", "mjpeg", "-q:v", "5");
        rows.add(run(
                "MJPEG 640x480@30 from a file, copy=true (a webcam's MJPEG)",
                command(Map.of("input", "-re -i " + mjpeg, "copy", "true"))));
        // A phone's IP-camera app: MJPEG over HTTP (multipart), served here by a second ffmpeg.
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/video";
        ChildProcess phone = ChildProcess.start(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x480:rate=30",
                "-c:v",
                "mjpeg",
                "-q:v",
                "5",
                "-f",
                "mpjpeg",
                "-listen",
                "1",
                url));
        Thread.sleep(1000);
        rows.add(run(
                "MJPEG 640x480@30 over HTTP, copy=true (a phone)",
                command(Map.of("input", "-i " + url, "copy", "true"))));
        phone.end(Duration.ofSeconds(2));
        Path h264 = make("camera.mp4", "1280x720", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30");
        rows.add(run(
                "H.264 1280x720@30 from a file -> JPEG q5 (an RTSP camera)",
                command(Map.of("input", "-re -i " + h264))));
        Path h264small = make("small.mp4", "640x480", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30");
        rows.add(run(
                "H.264 640x480@30 from a file -> JPEG q5 (an RTSP substream)",
                command(Map.of("input", "-re -i " + h264small))));
        rows.forEach(System.out::println);
    }

    /** A 20 s test video of testsrc2 in the temporary folder. */
    private Path make(String name, String size, String... codec) throws Exception {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=30:duration=20"));
        command.addAll(List.of(codec));
        command.add(file.toString());
        if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("could not make " + name);
        }
        return file;
    }

    /** The plugin's own command for these keys, logging at info so showinfo's lines come through. */
    private static List<String> command(Map<String, String> keys) {
        var config = new java.util.HashMap<String, String>();
        keys.forEach((key, value) -> config.put("camera.probe." + key, value));
        List<String> command = new ArrayList<>(
                CameraSettings.read(new MapConfiguration(config), "probe").command());
        command.set(command.indexOf("error"), "info");
        if (!keys.containsKey("copy")) {
            // showinfo logs each picture as it enters the filter graph, just before the encoder.
            command.addAll(command.indexOf("-an"), List.of("-vf", "showinfo"));
        }
        return command;
    }

    private static List<String> nullOutput(String input) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"));
        command.addAll(ShellWords.split(input));
        command.addAll(List.of("-f", "null", "-"));
        return command;
    }

    /** One command: ffmpeg's CPU share, frames and sizes, our reader's CPU, and the delay. */
    private String run(String label, List<String> command) throws Exception {
        boolean toPipe = command.contains("pipe:1");
        ChildProcess child = ChildProcess.start(command);
        var shown = new ConcurrentLinkedQueue<long[]>(); // {n, nanoTime}
        Thread stderr = new Thread(() -> readShowinfo(child.stderr(), shown));
        stderr.start();
        var arrived = new ConcurrentLinkedQueue<Long>();
        AtomicLong bytes = new AtomicLong();
        var splitter = new JpegSplitter(
                (jpeg, w, h, t) -> {
                    arrived.add(System.nanoTime());
                    bytes.addAndGet(jpeg.length);
                },
                16 << 20);
        long[] readerCpu = {0};
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream out = child.stdout()) {
                int n;
                while ((n = out.read(buffer)) > 0) {
                    splitter.feed(buffer, 0, n, java.time.Instant.now());
                }
            } catch (IOException e) {
                // ended
            }
            readerCpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        });
        reader.start();
        Thread.sleep(WARM_UP.toMillis());
        long ticks0 = ticks(child.pid());
        int frames0 = arrived.size();
        long bytes0 = bytes.get();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        long ticks1 = ticks(child.pid());
        int frames1 = arrived.size();
        long bytes1 = bytes.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        child.end(Duration.ofSeconds(2));
        reader.join();
        stderr.join();
        double cpu = 100.0 * (ticks1 - ticks0) / CLOCK_TICKS_PER_SECOND / seconds;
        int frames = frames1 - frames0;
        return String.format(
                Locale.ROOT,
                "%-58s ffmpeg %5.1f%% of a core | %4.1f fps | %5.1f kB/frame | reader %5.1f ms CPU in all | %s",
                label,
                cpu,
                frames / seconds,
                frames == 0 ? 0 : (bytes1 - bytes0) / 1024.0 / frames,
                readerCpu[0] / 1e6,
                toPipe && !shown.isEmpty() ? delays(new ArrayList<>(shown), new ArrayList<>(arrived)) : "-");
    }

    /** Delay from showinfo's line for picture n to the n-th JPEG leaving the splitter. */
    private static String delays(List<long[]> shown, List<Long> arrived) {
        List<Double> ms = new ArrayList<>();
        for (long[] s : shown) {
            int n = (int) s[0];
            if (n < arrived.size() && n >= 30) {
                ms.add((arrived.get(n) - s[1]) / 1e6);
            }
        }
        if (ms.isEmpty()) {
            return "no delay samples";
        }
        Collections.sort(ms);
        return String.format(
                Locale.ROOT,
                "filter->publish median %.1f ms, p90 %.1f ms, max %.1f ms (%d frames)",
                ms.get(ms.size() / 2),
                ms.get(ms.size() * 9 / 10),
                ms.get(ms.size() - 1),
                ms.size());
    }

    private static void readShowinfo(InputStream stderr, ConcurrentLinkedQueue<long[]> shown) {
        try (var lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long now = System.nanoTime();
                var m = SHOWINFO.matcher(line);
                if (m.find()) {
                    shown.add(new long[] {Long.parseLong(m.group(1)), now});
                }
            }
        } catch (IOException e) {
            // ended
        }
    }

    /** utime + stime of a process, in clock ticks, from /proc/PID/stat. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
