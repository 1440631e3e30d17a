package dev.teledrive.server.video;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's viewers, and each frame handed to them: the {@link WireFrame} is built once per
 * frame, by the first viewer of its codec to need it, and shared; JPEG viewers on slow links get a
 * lighter copy instead. Runs on the camera's threads, so it never waits: a viewer whose transport
 * throws is handed to {@code failed} and the others carry on.
 */
final class Audience {

    private static final Logger LOG = LoggerFactory.getLogger(Audience.class);

    private final String cameraId;
    private final Consumer<Viewer> failed;
    private final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
    private final AtomicLong seq = new AtomicLong();
    /** Made for the first viewer on a slow link: a camera nobody watches slowly never pays for it. */
    private LighterCopies lighterCopies; // guarded by this

    /**
     * @param failed told of a viewer whose transport threw, to let it go
     */
    Audience(String cameraId, Consumer<Viewer> failed) {
        this.cameraId = cameraId;
        this.failed = failed;
    }

    void add(Viewer viewer) {
        viewers.add(viewer);
    }

    /** @return whether it was a viewer here */
    boolean remove(Viewer viewer) {
        return viewers.remove(viewer);
    }

    int size() {
        return viewers.size();
    }

    boolean isEmpty() {
        return viewers.isEmpty();
    }

    /** Whether any viewer watches {@code codec}. */
    boolean watches(VideoCodec codec) {
        for (Viewer v : viewers) {
            if (v.codec() == codec) {
                return true;
            }
        }
        return false;
    }

    /** Tells the viewers of {@code codec} it cannot be served; they stay attached. */
    void unavailable(VideoCodec codec, String reason) {
        for (Viewer v : viewers) {
            if (v.codec() == codec) {
                v.unavailable(reason);
            }
        }
    }

    /** The camera is gone for good: every viewer is let go and told why. */
    void dismiss(String reason) {
        for (Viewer v : viewers) {
            v.stop();
            v.cameraGone(reason);
        }
        viewers.clear();
    }

    /** A frame to every viewer of its codec, encoded once. */
    void publish(VideoFrame frame) {
        WireFrame wire = null;
        boolean slowViewers = false;
        for (Viewer v : viewers) {
            if (v.codec() == frame.codec()) {
                if (v.slowLink()) {
                    slowViewers = true; // its lighter copy follows from the lighter copies' thread
                    continue;
                }
                if (wire == null) {
                    wire = WireFrame.of(cameraId, seq.incrementAndGet(), frame);
                }
                offer(v, wire);
            }
        }
        if (slowViewers) {
            lighterCopies().offer(wire == null ? seq.incrementAndGet() : wire.seq(), frame);
        }
    }

    /** Ends the lighter copies' thread, if there is one. */
    synchronized void close() {
        if (lighterCopies != null) {
            lighterCopies.close();
            lighterCopies = null;
        }
    }

    private synchronized LighterCopies lighterCopies() {
        if (lighterCopies == null) {
            lighterCopies = new LighterCopies(cameraId, this::publishLighter);
        }
        return lighterCopies;
    }

    /** A lighter copy, to the JPEG viewers on slow links. */
    private void publishLighter(WireFrame copy) {
        for (Viewer v : viewers) {
            if (v.codec() == VideoCodec.JPEG && v.slowLink()) {
                offer(v, copy);
            }
        }
    }

    private void offer(Viewer v, WireFrame frame) {
        try {
            v.offer(frame);
        } catch (RuntimeException e) {
            // A viewer's transport must never stop the camera's thread, nor the other viewers.
            LOG.warn("camera '{}': a viewer failed: {}", cameraId, e.toString());
            failed.accept(v);
        }
    }
}
