package dev.teledrive.plugins.ffmpegcamera.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Reads a child's standard error to its end, so the child never blocks on a full pipe, logging
 * each line at debug and keeping the last few for error messages, URL passwords hidden.
 */
public final class StderrTail implements Runnable {

    private static final int KEEP = 10;

    private final InputStream stderr;
    private final Logger log;
    private final Deque<String> last = new ArrayDeque<>();

    /**
     * A reader for one child's standard error.
     *
     * @param stderr the child's standard error
     * @param log    where each line goes, at debug
     */
    public StderrTail(InputStream stderr, Logger log) {
        this.stderr = stderr;
        this.log = log;
    }

    @Override
    public void run() {
        try (var reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = Redact.passwords(line.strip());
                if (trimmed.isEmpty()) {
                    continue;
                }
                log.debug("ffmpeg: {}", trimmed);
                synchronized (last) {
                    if (last.size() == KEEP) {
                        last.removeFirst();
                    }
                    last.addLast(trimmed);
                }
            }
        } catch (IOException e) {
            log.debug("ffmpeg's standard error closed: {}", e.toString());
        }
    }

    /** The last line read, if any. */
    public Optional<String> lastLine() {
        synchronized (last) {
            return Optional.ofNullable(last.peekLast());
        }
    }

    /** The last lines read, oldest first. */
    public List<String> lines() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
