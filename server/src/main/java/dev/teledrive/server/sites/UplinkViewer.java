package dev.teledrive.server.sites;

import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.FrameMessage;
import dev.teledrive.server.video.Viewer;
import dev.teledrive.server.video.WireFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hubs, as one viewer of one camera in one codec at the site: each frame is published once on
 * {@code td.site.SITE.video.CAMERA.CODEC}, however many hubs and viewers behind them watch. It is a
 * {@link Viewer} like a browser's, so a slow uplink gets what a slow browser gets: while the bus has
 * more than {@link #MAX_PENDING_BYTES} not yet written, the next frame waits in the viewer's
 * latest-wins slot, where a newer one replaces it; JPEG then goes over to the lighter copies, and
 * H.264 resumes at the next key frame. Frames never age in a queue of the bus.
 */
final class UplinkViewer extends Viewer {

    /**
     * Bytes the bus may hold unwritten before the next frame waits: a frame or two. With the socket's
     * small send buffer ({@code Bus}) a frame has at most about 200 KB ahead of it, 0.3 s at 5 Mbit/s.
     */
    static final long MAX_PENDING_BYTES = 32 * 1024;

    private static final long DRAIN_POLL_MILLIS = 5;

    private final String subject;
    private final Bus bus;
    private final UplinkCounts.Camera counts;
    private final ScheduledExecutorService drain;
    private final Runnable gone;
    /** Numbers this stream's messages; read and written by one send at a time. */
    private long number;

    private volatile boolean started;

    /**
     * @param drain waits for the bus to drain, on a thread of its own
     * @param gone  told when the camera went away for good
     */
    UplinkViewer(
            VideoCodec codec,
            String subject,
            Bus bus,
            UplinkCounts.Camera counts,
            ScheduledExecutorService drain,
            Runnable gone) {
        super(codec);
        this.subject = subject;
        this.bus = bus;
        this.counts = counts;
        this.drain = drain;
        this.gone = gone;
    }

    @Override
    protected void transmit(WireFrame frame) {
        started = true;
        number++;
        ByteBuffer wire = frame.wire();
        long max = bus.maxPayload();
        if (!bus.connected() || max <= 0) {
            counts.onDropped(1); // never into jnats's reconnect buffer, to come out stale later
            sent(null);
            return;
        }
        if (Long.BYTES + wire.remaining() > max) {
            counts.onTooLarge(subject, Long.BYTES + wire.remaining(), max);
            sent(null);
            return;
        }
        // Counted before the bus has it, so a hub that already holds the frame finds it counted
        // (Bus.publish reports no refusal either way: the count was never more exact than this).
        counts.onPublished();
        bus.publish(subject, FrameMessage.encode(number, wire));
        awaitDrain();
    }

    /**
     * Lets the next frame go once the bus has written enough of what it holds, or at once when NATS
     * is away: what it holds then waits for the reconnect, and the next frame is counted as dropped
     * in {@link #transmit} instead of waiting here in the slot.
     */
    private void awaitDrain() {
        if (!bus.connected() || bus.outgoingPendingBytes() <= MAX_PENDING_BYTES) {
            sent(null);
            return;
        }
        try {
            drain.schedule(this::awaitDrain, DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            sent(e); // the site is closing
        }
    }

    @Override
    protected void skipped(int frames) {
        if (started) {
            counts.onDropped(frames); // before its first frame an h264 stream waits for a key frame: no loss
        }
    }

    @Override
    protected void cameraGone(String reason) {
        gone.run();
    }

    @Override
    protected void unavailable(String reason) {
        // The site's own status says so to every client, through the hubs too.
    }

    @Override
    public String toString() {
        return "uplink " + subject;
    }
}
