package dev.teledrive.plugins.donkeycar.video;

import dev.teledrive.api.CameraContext;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.plugins.donkeycar.Backoff;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One stretch of watching: the HTTP stream from {@link #start} to {@link #stop}, opened again with
 * growing pauses whenever it fails or ends. A reader thread cuts the pictures out; a watchdog ends
 * a stream that stops sending pictures without closing (a car that left the Wi-Fi), which TCP
 * could otherwise wait on for minutes.
 */
final class VideoStream {

    /** Bigger than any picture a Donkeycar sends (they are usually 160x120, a few kB). */
    private static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final CameraContext context;
    private final HttpClient http;
    private final URI video;
    private final Duration timeout;
    private final Backoff backoff;
    private final Duration stall;
    private final Logger log;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile boolean stopping;
    private InputStream body; // guarded by lock: the open stream, closed to end a read
    private Thread reader;
    private Thread watchdog;
    private volatile long lastProgress; // System.nanoTime() of the last picture or (re)start
    private volatile boolean stalled;
    // Touched only by the reader thread.
    private boolean reportedFailure;
    private Instant lastCaptured = Instant.EPOCH;
    private byte[] lastPicture = new byte[0];

    private VideoStream(
            CameraContext context, HttpClient http, URI video, Duration timeout, Backoff backoff, Duration stall) {
        this.context = context;
        this.http = http;
        this.video = video;
        this.timeout = timeout;
        this.backoff = backoff;
        this.stall = stall;
        this.log = context.logger();
    }

    /** Starts reading on the camera's threads; returns at once. */
    static VideoStream start(
            CameraContext context, HttpClient http, URI video, Duration timeout, Backoff backoff, Duration stall) {
        var stream = new VideoStream(context, http, video, timeout, backoff, stall);
        stream.lastProgress = System.nanoTime();
        stream.reader = context.threads().newThread(stream::run);
        stream.watchdog = context.threads().newThread(stream::watch);
        stream.reader.start();
        stream.watchdog.start();
        return stream;
    }

    /** Closes the stream and waits for the threads, so no frame is published after it returns. */
    void stop() {
        stopping = true;
        stopRequested.countDown();
        closeBody();
        reader.interrupt(); // a read waiting for the next chunk ends too
        try {
            reader.join(timeout.toMillis());
            watchdog.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            log.warn("camera '{}': the video reader did not end", context.cameraId());
        }
        log.info("camera '{}' closed the car's video stream", context.cameraId());
    }

    private void run() {
        Duration pause = backoff.first();
        while (!stopping) {
            String reason;
            long frames = 0;
            try {
                frames = readOnce();
                reason = stalled
                        ? "the car's video at " + video + " sent no picture for " + Backoff.seconds(stall)
                        : "the car's video at " + video + " ended";
            } catch (IOException e) {
                reason = stalled
                        ? "the car's video at " + video + " sent no picture for " + Backoff.seconds(stall)
                        : explain(e);
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
                reason = "the car's video at " + video + " sent no picture for " + Backoff.seconds(stall);
            } finally {
                closeBody();
            }
            if (stopping) {
                return;
            }
            Thread.interrupted(); // the watchdog's interrupt has done its job
            if (frames > 0) {
                pause = backoff.first();
            }
            String message = reason + "; trying again in " + Backoff.seconds(pause);
            log.warn("camera '{}': {}", context.cameraId(), message);
            context.failed(message);
            reportedFailure = true;
            if (pauseUntilStopped(pause)) {
                return;
            }
            pause = backoff.next(pause);
        }
    }

    /**
     * Waits out a pause between attempts; says whether {@link #stop()} came meanwhile. The watchdog's
     * interrupt may land late, after the read it was meant for ended by itself: it does not end the
     * reader.
     */
    private boolean pauseUntilStopped(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        while (true) {
            try {
                return stopRequested.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                if (stopping) {
                    return true;
                }
            }
        }
    }

    /** Opens the stream and publishes its new pictures until it ends; returns how many. */
    private long readOnce() throws IOException, InterruptedException {
        stalled = false;
        lastProgress = System.nanoTime();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(video).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        synchronized (lock) {
            body = response.body();
            if (stopping) {
                return 0;
            }
        }
        if (response.statusCode() != 200) {
            throw new IOException("the car's video at " + video + " answered HTTP " + response.statusCode()
                    + ": check the car's video key, or set it to off");
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IOException("the car's video at " + video + " is not an MJPEG stream (it sends '" + type
                    + "'): check the car's video key, or set it to off");
        }
        log.info("camera '{}' opened the car's video stream {}", context.cameraId(), video);
        var parts = new MjpegReader(new BufferedInputStream(response.body(), 64 * 1024), MAX_FRAME_BYTES);
        long published = 0;
        while (true) {
            byte[] jpeg;
            try {
                jpeg = parts.next();
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("it ")) {
                    throw new IOException("the car's video at " + video + " is broken: " + e.getMessage(), e);
                }
                throw e;
            }
            if (jpeg == null) {
                return published;
            }
            Instant arrived = context.clock().instant();
            Optional<JpegSize.Size> size = JpegSize.of(jpeg);
            if (size.isEmpty()) {
                throw new IOException("the car's video at " + video + " is broken: a picture has no readable size");
            }
            if (publish(jpeg, size.get(), arrived)) {
                published++;
            }
        }
    }

    private boolean publish(byte[] jpeg, JpegSize.Size size, Instant arrived) {
        if (stopping) {
            return false;
        }
        lastProgress = System.nanoTime();
        // Donkeycar sends its latest picture every 5 ms whether or not the camera took a new one (it
        // re-encodes the same array into the same bytes); passing on only new pictures keeps the
        // camera's own rate, about 20 a second, and stamps each with its first arrival.
        if (Arrays.equals(jpeg, lastPicture)) {
            return false;
        }
        lastPicture = jpeg;
        if (reportedFailure) {
            reportedFailure = false;
            log.info("camera '{}' delivers pictures again", context.cameraId());
            context.recovered();
        }
        // Pictures read in one burst share an arrival time; a microsecond apart they keep their order.
        Instant min = lastCaptured.plus(1, ChronoUnit.MICROS);
        Instant captured = arrived.isBefore(min) ? min : arrived;
        lastCaptured = captured;
        context.frames().publish(VideoFrame.jpeg(jpeg, captured, size.width(), size.height()));
        return true;
    }

    /** Ends a stream that sends no picture for {@code stall}; the reader then opens it again. */
    private void watch() {
        long period = Math.max(20, stall.toMillis() / 4);
        try {
            while (!stopRequested.await(period, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - lastProgress >= stall.toNanos() && !stalled) {
                    stalled = true;
                    if (!closeBody()) {
                        reader.interrupt(); // no stream open yet: a connection attempt hangs
                    }
                }
            }
        } catch (InterruptedException e) {
            // stop() is under way
        }
    }

    /** Closes the open stream, which ends a read waiting on it; says whether one was open. */
    private boolean closeBody() {
        InputStream open;
        synchronized (lock) {
            open = body;
            body = null;
        }
        if (open == null) {
            return false;
        }
        try {
            open.close();
        } catch (IOException e) {
            log.debug("camera '{}': closing the video stream: {}", context.cameraId(), e.toString());
        }
        return true;
    }

    private String explain(IOException e) {
        if (e instanceof ConnectException) {
            return "nothing answers at " + video
                    + ": start the car (python manage.py drive) or set its video key to off";
        }
        if (e instanceof HttpTimeoutException) {
            return "the car's video at " + video + " did not answer within " + Backoff.seconds(timeout);
        }
        return e.getMessage() == null ? "the car's video at " + video + " failed: " + e : e.getMessage();
    }
}
