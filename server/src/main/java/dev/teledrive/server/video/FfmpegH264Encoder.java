package dev.teledrive.server.video;

import dev.teledrive.api.FrameSink;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's H.264 encoder: an ffmpeg child process that reads the JPEGs as Matroska on its stdin
 * ({@link MatroskaJpegWriter}) and writes H.264 as FLV on its stdout ({@link FlvAvcReader}). Three
 * threads of its own: one writes to ffmpeg, one reads from it, one keeps the last lines it logs.
 *
 * <p>ffmpeg turns each picture into exactly one access unit, in order (no frame rate conversion, no
 * B-frames, no look-ahead), with the picture's time ({@link StreamClock}): so an access unit finds
 * its picture, and capture time, at the head of the queue of pictures inside ffmpeg. Pictures ahead
 * of it are those ffmpeg could not decode, such as a cut-off JPEG: they are counted as dropped.
 */
final class FfmpegH264Encoder implements H264Encoder {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegH264Encoder.class);
    /**
     * Pictures inside ffmpeg at most; a newer one is dropped. ffmpeg takes about 3 ms a picture of
     * 640x480 (p99 under 30 ms on two busy cores), so at camera rates one is inside, two when a
     * picture arrives before the last is out; more would only queue up delay. While ffmpeg starts
     * (0.4-0.8 s to the first access unit) the pictures after the first two are dropped.
     */
    static final int MAX_INSIDE = 2;

    /**
     * A picture inside ffmpeg this long no longer counts toward {@link #MAX_INSIDE}: ffmpeg has most
     * likely skipped it, as it skips a JPEG it cannot decode, and two such would otherwise keep out
     * every picture after them for good. It stays in the queue, so an access unit that does come for
     * it still finds its capture time. Far above ffmpeg's slowest picture, its first (under 1 s).
     */
    private static final long SKIPPED_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Pictures remembered at most, counted or not: a bound for when ffmpeg skips every picture. */
    private static final int MAX_REMEMBERED = 32;

    private static final int STDERR_LINES = 5;
    private static final long EXIT_WAIT_MILLIS = 2_000;

    private final String cameraId;
    private final Process process;
    private final FrameSink out;
    private final Consumer<String> failed;
    private final BlockingQueue<Picture> toWrite = new LinkedBlockingQueue<>();
    /** The pictures handed to ffmpeg whose access units have not come back yet, oldest first. */
    private final Deque<Picture> inside = new ArrayDeque<>(); // guarded by itself

    private final StreamClock clock = new StreamClock(); // guarded by inside

    private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread writer;
    private final Thread reader;
    private final Thread stderrReader;
    private long dropped; // guarded by inside
    /**
     * The first picture's, which the whole stream keeps: when a camera changes its size, ffmpeg
     * scales its pictures to the size the encoder started with.
     */
    private int width;

    private int height; // guarded by inside, like width

    FfmpegH264Encoder(String cameraId, Process process, FrameSink out, Consumer<String> failed, ThreadFactory threads) {
        this.cameraId = cameraId;
        this.process = process;
        this.out = out;
        this.failed = failed;
        this.writer = threads.newThread(this::writeLoop);
        this.reader = threads.newThread(this::readLoop);
        this.stderrReader = threads.newThread(this::stderrLoop);
        writer.setName("h264-in-" + cameraId);
        reader.setName("h264-out-" + cameraId);
        stderrReader.setName("h264-log-" + cameraId);
        stderrReader.start();
        reader.start();
        writer.start();
    }

    @Override
    public void encode(VideoFrame jpeg) {
        if (jpeg.codec() != VideoCodec.JPEG) {
            throw new IllegalArgumentException("the H.264 encoder takes JPEG frames, not " + jpeg.codec());
        }
        long now = System.nanoTime();
        Picture picture;
        synchronized (inside) {
            if (closed.get() || counted(now) >= MAX_INSIDE) {
                dropped++;
                return;
            }
            if (inside.size() >= MAX_REMEMBERED) {
                inside.removeFirst();
                dropped++;
            }
            picture = new Picture(jpeg, clock.next(jpeg.captured()), now);
            inside.addLast(picture);
            if (width == 0) {
                width = jpeg.width();
                height = jpeg.height();
            }
        }
        toWrite.add(picture);
    }

    /** The pictures inside ffmpeg that count toward {@link #MAX_INSIDE}: those not presumed skipped. */
    private int counted(long now) {
        int counted = inside.size();
        for (Picture p : inside) { // oldest first
            if (now - p.sentNanos() < SKIPPED_NANOS) {
                break;
            }
            counted--;
        }
        return counted;
    }

    /** A picture, its stream time, and when it was handed over ({@link System#nanoTime}). */
    private record Picture(VideoFrame jpeg, long millis, long sentNanos) {}

    /**
     * The pictures that got no access unit: dropped by {@link #encode} because ffmpeg was busy or had
     * ended, or that ffmpeg could not decode.
     */
    long dropped() {
        synchronized (inside) {
            return dropped;
        }
    }

    /** The ffmpeg process, for tests that measure or kill it. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.interrupt();
        process.destroy();
        try {
            if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.debug("H.264 encoder of camera {} closed, {} pictures dropped", cameraId, dropped());
    }

    private void writeLoop() {
        try (OutputStream stdin = process.getOutputStream()) {
            var matroska = new MatroskaJpegWriter(stdin);
            while (!closed.get()) {
                Picture picture = toWrite.take();
                VideoFrame jpeg = picture.jpeg();
                matroska.write(jpeg.data(), picture.millis(), jpeg.width(), jpeg.height());
            }
        } catch (InterruptedException e) {
            // closed
        } catch (IOException e) {
            // ffmpeg is gone; the reader finds its end and says why
        }
    }

    private void readLoop() {
        var flv = new FlvAvcReader(process.getInputStream());
        try {
            for (FlvAvcReader.AccessUnit unit = flv.next(); unit != null; unit = flv.next()) {
                Picture picture;
                int w;
                int h;
                synchronized (inside) {
                    picture = pictureOf(unit);
                    w = width;
                    h = height;
                }
                if (picture == null) {
                    throw new IOException(
                            "ffmpeg made an access unit at " + unit.millis() + " ms for no picture it was given");
                }
                publish(new VideoFrame(
                        VideoCodec.H264, unit.annexB(), picture.jpeg().captured(), unit.key(), w, h));
            }
            ended(null);
        } catch (IOException e) {
            ended(e);
        }
    }

    /** Takes the access unit's picture off the queue, and those ahead of it, which ffmpeg skipped. */
    private Picture pictureOf(FlvAvcReader.AccessUnit unit) {
        while (!inside.isEmpty()) {
            int ahead = (int) inside.peekFirst().millis() - unit.millis(); // FLV's times wrap at 32 bits
            if (ahead > 0) {
                return null;
            }
            Picture picture = inside.pollFirst();
            if (ahead == 0) {
                return picture;
            }
            dropped++;
            LOG.debug("ffmpeg skipped a picture of camera {} (it could not decode it)", cameraId);
        }
        return null;
    }

    private void publish(VideoFrame frame) {
        try {
            out.publish(frame);
        } catch (RuntimeException e) {
            LOG.error("publishing an H.264 frame of camera {} failed", cameraId, e);
        }
    }

    private void ended(IOException broken) {
        if (closed.get()) {
            return;
        }
        String why = broken == null ? "" : " (" + broken.getMessage() + ")";
        int exit;
        try {
            // Process.destroy closes the pipes, and with them any last line not yet read from stderr:
            // so first give ffmpeg time to end by itself.
            if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            exit = process.waitFor();
            stderrReader.join(EXIT_WAIT_MILLIS); // its last line says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closed.compareAndSet(false, true)) {
            return; // closed meanwhile: nobody needs telling
        }
        String last;
        synchronized (stderrTail) {
            last = stderrTail.peekLast();
        }
        String sentence = "ffmpeg stopped encoding camera " + cameraId + " to H.264 (exit code " + exit + ")" + why
                + (last == null ? " without a message" : ": \"" + last + "\"");
        LOG.warn(sentence);
        failed.accept(sentence);
    }

    private void stderrLoop() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                LOG.debug("ffmpeg for camera {}: {}", cameraId, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line.strip());
                }
            }
        } catch (IOException e) {
            // ffmpeg is gone
        }
    }
}
