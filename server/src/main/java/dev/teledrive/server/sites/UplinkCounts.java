package dev.teledrive.server.sites;

import dev.teledrive.server.security.QuietLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the site's video uplink did with the frames its hubs watch, camera by camera: published once
 * for every hub, dropped (a newer frame took its place while the uplink was slow, or NATS was away),
 * or too large for NATS's {@code max_payload} (counted and logged at most once a minute, never sent).
 * A camera is counted from the first time a hub watches it, and only cameras this site has are ever
 * watched ({@link VideoUplink}), so the cameras here are as few as the site's own.
 */
public final class UplinkCounts {

    /** One camera's frames, in every codec the hubs watch it in. */
    public static final class Camera {

        private final String name;
        private final QuietLog quiet;
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong tooLarge = new AtomicLong();

        private Camera(String name, QuietLog quiet) {
            this.name = name;
            this.quiet = quiet;
        }

        /** The camera's id at this site. */
        public String name() {
            return name;
        }

        void onPublished() {
            published.incrementAndGet();
        }

        void onDropped(int frames) {
            dropped.addAndGet(frames);
        }

        void onTooLarge(String subject, long bytes, long max) {
            long n = tooLarge.incrementAndGet();
            quiet.warn(
                    "a video frame of {} bytes on {} is over NATS's max_payload of {} bytes and was dropped ({} so"
                            + " far for camera '{}'): lower the camera's size or quality, or raise max_payload in"
                            + " nats-server.conf",
                    bytes,
                    subject,
                    max,
                    n,
                    name);
        }

        /** Frames published, each once for every hub that watches. */
        public long published() {
            return published.get();
        }

        /** Frames not sent: replaced by a newer one on a slow uplink, or NATS was away. */
        public long dropped() {
            return dropped.get();
        }

        /** Frames over NATS's {@code max_payload}, not sent. */
        public long tooLarge() {
            return tooLarge.get();
        }
    }

    private final QuietLog quiet;
    private final Map<String, Camera> cameras = new HashMap<>(); // guarded by this
    private final List<Consumer<Camera>> listeners = new ArrayList<>(); // guarded by this

    UplinkCounts(QuietLog quiet) {
        this.quiet = quiet;
    }

    /**
     * Camera {@code name}'s counts, made (and told to every listener) the first time it is asked for:
     * once for each stream a hub begins to watch, never per frame.
     */
    synchronized Camera camera(String name) {
        Camera camera = cameras.get(name);
        if (camera == null) {
            camera = new Camera(name, quiet);
            cameras.put(name, camera);
            for (Consumer<Camera> listener : listeners) {
                listener.accept(camera);
            }
        }
        return camera;
    }

    /** Tells {@code listener} of every camera counted so far, now, and of each one counted from now on. */
    public synchronized void eachCamera(Consumer<Camera> listener) {
        cameras.values().forEach(listener);
        listeners.add(listener);
    }
}
