package dev.teledrive.plugins.ffmpegcamera;

import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.plugins.ffmpegcamera.jpeg.JpegSplitter;
import dev.teledrive.plugins.ffmpegcamera.process.ChildProcess;
import dev.teledrive.plugins.ffmpegcamera.process.StderrTail;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One stretch of watching: an ffmpeg child from {@link #start} to {@link #stop}, restarted with
 * growing pauses whenever it exits by itself. A supervisor thread reads the child's frames; another
 * drains its standard error; a watchdog ends a child that stops sending frames without exiting (a
 * network camera that went silent, a hung device), which ffmpeg may otherwise wait on for minutes.
 */
final class Capture {

    /** Bigger than any JPEG a camera sends (a 4K frame at the best quality is about 4 MB). */
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** How long ffmpeg gets to exit on SIGTERM before SIGKILL, and SIGKILL before we give up. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** ffmpeg prefixes messages with "[demuxer @ 0xADDRESS] "; the address means nothing to people. */
    private static final Pattern CONTEXT_ADDRESS = Pattern.compile("^\\[([^\\]@]+?) @ 0x[0-9a-fA-F]+\\] ");

    private final CameraContext context;
    private final List<String> command;
    private final Backoff backoff;
    private final Duration stall;
    private final Logger log;
    private final Object lock = new Object();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean stopping; // written under lock
    private ChildProcess child; // guarded by lock
    private Thread supervisor;
    private Thread watchdog;
    // When the current child started or last sent a frame (System.nanoTime), and whether the
    // watchdog ended it for its silence; reset under lock when a child starts.
    private volatile long lastProgress;
    private volatile boolean stalled;
    // Touched only by the supervisor thread: whether failed() was reported and frames have not yet
    // come back, and the last run's outcome for the failure message.
    private boolean reportedFailure;
    private StderrTail stderrOf;
    private int exitCode;
    private Instant lastCaptured = Instant.EPOCH;

    private Capture(CameraContext context, List<String> command, Backoff backoff, Duration stall) {
        this.context = context;
        this.command = command;
        this.backoff = backoff;
        this.stall = stall;
        this.log = context.logger();
    }

    /**
     * Starts ffmpeg and the threads that read and watch it; returns at once.
     *
     * @param stall how long ffmpeg may send no frame before it is ended and restarted
     * @throws CameraException if ffmpeg cannot be run at all
     */
    static Capture start(CameraContext context, List<String> command, Backoff backoff, Duration stall)
            throws CameraException {
        var capture = new Capture(context, command, backoff, stall);
        ChildProcess first;
        try {
            first = ChildProcess.start(command);
        } catch (IOException e) {
            throw new CameraException(notInstalled(command), e);
        }
        capture.child = first;
        capture.lastProgress = System.nanoTime();
        capture.log.info("camera '{}' started ffmpeg ({})", context.cameraId(), first);
        capture.supervisor = context.threads().newThread(() -> capture.supervise(first));
        capture.supervisor.start();
        capture.watchdog = context.threads().newThread(capture::watch);
        capture.watchdog.start();
        return capture;
    }

    /**
     * Ends ffmpeg and waits for the reading threads, so no frame is published after it returns.
     */
    void stop() {
        ChildProcess last;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            last = child;
        }
        stopRequested.countDown();
        try {
            if (last != null && !last.end(GRACE)) {
                log.warn("camera '{}': ffmpeg ({}) survived SIGKILL; it may hold the device", context.cameraId(), last);
            }
            supervisor.join(GRACE.toMillis());
            watchdog.join(GRACE.toMillis());
            if (supervisor.isAlive()) {
                log.warn("camera '{}': the frame reader did not end; it will end with its pipe", context.cameraId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("camera '{}' stopped ffmpeg", context.cameraId());
    }

    private void supervise(ChildProcess first) {
        ChildProcess current = first;
        Duration pause = backoff.first();
        while (true) {
            String reason;
            if (current != null) {
                long frames = run(current);
                if (frames > 0) {
                    pause = backoff.first();
                }
                reason = exited();
            } else {
                reason = notInstalled(command);
            }
            if (stopping) {
                return;
            }
            String message = reason + "; restarting in " + seconds(pause);
            log.warn("camera '{}': {}", context.cameraId(), message);
            context.failed(message);
            reportedFailure = true;
            try {
                if (stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            pause = backoff.next(pause);
            current = relaunch();
            if (stopping) {
                return;
            }
        }
    }

    /** Ends a child that sends no frame for {@code stall}; the supervisor then restarts it. */
    private void watch() {
        long period = Math.max(50, stall.toMillis() / 4);
        try {
            while (!stopRequested.await(period, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - lastProgress < stall.toNanos()) {
                    continue;
                }
                ChildProcess silent;
                synchronized (lock) {
                    silent = child;
                }
                if (silent != null && silent.isAlive() && !stalled) {
                    stalled = true;
                    silent.end(GRACE);
                }
            }
        } catch (InterruptedException e) {
            // stop() is under way
        }
    }

    /** Reads frames until ffmpeg's output ends; returns how many were published. */
    private long run(ChildProcess process) {
        var tail = new StderrTail(process.stderr(), log);
        Thread drain = context.threads().newThread(tail);
        drain.start();
        stderrOf = tail;
        long[] published = {0};
        var splitter = new JpegSplitter(
                (jpeg, width, height, firstBytes) -> {
                    if (publish(jpeg, width, height, firstBytes)) {
                        published[0]++;
                    }
                },
                MAX_FRAME_BYTES);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream out = process.stdout()) {
            int n;
            while ((n = out.read(buffer)) > 0) {
                splitter.feed(buffer, 0, n, context.clock().instant());
            }
        } catch (IOException e) {
            log.debug("camera '{}': ffmpeg's output closed: {}", context.cameraId(), e.toString());
        }
        try {
            exitCode = process.waitFor();
            drain.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (splitter.dropped() > 0) {
            log.warn(
                    "camera '{}': dropped {} images that were not whole JPEGs", context.cameraId(), splitter.dropped());
        }
        return published[0];
    }

    private boolean publish(byte[] jpeg, int width, int height, Instant firstBytes) {
        if (stopping) {
            return false;
        }
        lastProgress = System.nanoTime();
        if (reportedFailure) {
            reportedFailure = false;
            log.info("camera '{}' delivers frames again", context.cameraId());
            context.recovered();
        }
        // Frames read in one chunk (ffmpeg catching up after a stall) share an arrival time; a
        // microsecond apart they keep the order, for whoever uses the stamps as timestamps.
        Instant min = lastCaptured.plus(1, ChronoUnit.MICROS);
        Instant captured = firstBytes.isBefore(min) ? min : firstBytes;
        lastCaptured = captured;
        context.frames().publish(VideoFrame.jpeg(jpeg, captured, width, height));
        return true;
    }

    private String exited() {
        List<String> lines = stderrOf.lines();
        // ffmpeg's last line is often just "INPUT: Invalid argument"; the one before says why.
        String said = String.join(
                "; ",
                lines.subList(Math.max(0, lines.size() - 2), lines.size()).stream()
                        .map(line -> CONTEXT_ADDRESS.matcher(line).replaceFirst("$1: "))
                        .toList());
        if (stalled) {
            // We stopped it: what it said then is its answer to our signal, not the cause.
            return "ffmpeg stopped (it sent no picture for " + seconds(stall) + ")";
        }
        String how = exitCode == 0 ? "its input ended" : "it exited with code " + exitCode;
        return "ffmpeg stopped (" + how + ")" + (said.isEmpty() ? "" : ": " + said);
    }

    private ChildProcess relaunch() {
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            try {
                child = ChildProcess.start(command);
                lastProgress = System.nanoTime();
                stalled = false;
                log.info("camera '{}' restarted ffmpeg ({})", context.cameraId(), child);
                return child;
            } catch (IOException e) {
                child = null;
                return null;
            }
        }
    }

    static String notInstalled(List<String> command) {
        return "ffmpeg is not installed or not at '" + command.get(0)
                + "': install Debian's ffmpeg package (sudo apt install ffmpeg) or set camera.ffmpeg";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
