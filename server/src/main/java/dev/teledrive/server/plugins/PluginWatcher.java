package dev.teledrive.server.plugins;

import dev.teledrive.server.threads.DaemonThreads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the plugins folder (the JDK's WatchService: inotify on Linux) and reports jars and zips
 * that arrived, changed or left. A file counts as arrived only once it has stopped growing and
 * opens as a complete zip, so a jar still being copied is never loaded half-written.
 */
public final class PluginWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);
    /** How often settling files are looked at, and how long one must stay unchanged. */
    private static final long SETTLE_MILLIS = 250;

    /** What to do when a plugin file arrives or leaves. Called on the watcher's own thread. */
    public interface Listener {
        void arrived(Path file);

        void removed(Path file);
    }

    private record Sample(long size, long modified, long unchangedSince) {}

    private final Path dir;
    private final Listener listener;
    private final WatchService watch;
    /** Settles arrivals; it wakes only while a file is settling, so an idle server sleeps. */
    private final ScheduledExecutorService thread;

    private final Thread receiver;
    private final AtomicBoolean settleScheduled = new AtomicBoolean();
    private final Map<Path, Sample> settling = new ConcurrentHashMap<>();
    private final Map<Path, Sample> known = new ConcurrentHashMap<>();

    private PluginWatcher(Path dir, Listener listener, WatchService watch) {
        this.dir = dir;
        this.listener = listener;
        this.watch = watch;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("plugin-settle"));
        this.receiver = DaemonThreads.named("plugin-watcher").newThread(this::receive);
    }

    /** Starts watching; returns {@code null} (and logs why) when the folder cannot be watched. */
    public static PluginWatcher start(Path pluginsDir, Listener listener) {
        Path dir = pluginsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            LOG.warn("not watching {}: it is not a folder", dir);
            return null;
        }
        try {
            WatchService watch = FileSystems.getDefault().newWatchService();
            dir.register(
                    watch,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            var watcher = new PluginWatcher(dir, listener, watch);
            try (var files = Files.list(dir)) {
                files.filter(PluginWatcher::isPluginFile).forEach(f -> watcher.known.put(f, watcher.sample(f, 0)));
            }
            watcher.receiver.start();
            LOG.info("watching {} for plugins dropped in or taken out", dir);
            return watcher;
        } catch (IOException e) {
            LOG.warn("not watching {}: {}; restart Teledrive to pick up new plugins", dir, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        receiver.interrupt();
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service failed", e);
        }
    }

    /** Waits for file events (the kernel's, no polling) and starts settling the files they name. */
    private void receive() {
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && isPluginFile(name)) {
                        settling.putIfAbsent(dir.resolve(name), new Sample(-1, -1, 0));
                    }
                }
                key.reset();
                scheduleSettle();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the server is stopping
        } catch (RuntimeException e) {
            LOG.warn("watching plugins failed: {}; restart Teledrive to pick up new plugins", e.toString());
        }
    }

    private void scheduleSettle() {
        if (settleScheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::settleRound, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: the server is stopping
            }
        }
    }

    /** One look at the settling files; another follows while any is left. */
    private void settleRound() {
        settle();
        settleScheduled.set(false);
        if (!settling.isEmpty()) {
            scheduleSettle();
        }
    }

    private void settle() {
        long now = System.currentTimeMillis();
        for (Map.Entry<Path, Sample> entry : settling.entrySet()) {
            Path file = entry.getKey();
            try {
                if (!Files.exists(file)) {
                    settling.remove(file);
                    if (known.remove(file) != null) {
                        listener.removed(file);
                    }
                    continue;
                }
                Sample previous = entry.getValue();
                Sample current = sample(file, now);
                if (current.size() != previous.size() || current.modified() != previous.modified()) {
                    settling.put(file, current); // still being written
                    continue;
                }
                if (now - previous.unchangedSince() < SETTLE_MILLIS || !completeZip(file)) {
                    continue;
                }
                settling.remove(file);
                Sample loaded = known.put(file, previous);
                if (loaded == null || loaded.size() != previous.size() || loaded.modified() != previous.modified()) {
                    listener.arrived(file);
                }
            } catch (RuntimeException e) {
                settling.remove(file);
                LOG.error("handling plugin file {} failed: {}", file.getFileName(), e.toString(), e);
            }
        }
    }

    private Sample sample(Path file, long now) {
        try {
            return new Sample(Files.size(file), Files.getLastModifiedTime(file).toMillis(), now);
        } catch (IOException e) {
            return new Sample(-1, -1, now);
        }
    }

    private static boolean completeZip(Path file) {
        try (var zip = new ZipFile(file.toFile())) {
            return zip.size() >= 0;
        } catch (IOException e) {
            return false; // still being copied, or not a zip at all (the loader will say so once it settles)
        }
    }

    private static boolean isPluginFile(Path name) {
        String n = name.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jar") || n.endsWith(".zip");
    }
}
