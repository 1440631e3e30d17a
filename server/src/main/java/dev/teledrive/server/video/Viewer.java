package dev.teledrive.server.video;

import dev.teledrive.api.VideoCodec;

/**
 * One viewer of one camera in one codec, with a latest-wins slot: at most one frame is being sent
 * to it, and of those that arrive meanwhile only the newest waits. A viewer that cannot keep up
 * skips frames and never holds up the camera or another viewer. An {@code h264} viewer that had to
 * skip a frame waits for the next key frame (the frames after a gap cannot be decoded without it),
 * and its first frame is a key frame. A JPEG viewer that skips many frames gets the lighter copy
 * of each frame instead ({@link SlowLink}), so that what it does get is fresh.
 *
 * <p>A transport sends a frame in {@link #transmit} without blocking and calls {@link #sent} when
 * the bytes have left (or failed to).
 */
public abstract class Viewer {

    private final VideoCodec codec;
    private final SlowLink link;
    private WireFrame waiting;
    private boolean sending;
    private boolean needKey;
    private boolean done;

    protected Viewer(VideoCodec codec) {
        this.codec = codec;
        this.needKey = codec == VideoCodec.H264;
        this.link = codec == VideoCodec.JPEG ? new SlowLink() : null;
    }

    /** Whether this viewer gets the lighter copy of each frame: it is on a slow link. */
    final synchronized boolean slowLink() {
        return link != null && link.slow();
    }

    /** The codec this viewer watches. */
    public final VideoCodec codec() {
        return codec;
    }

    /** Takes a frame of this viewer's codec: sends it now, or leaves it in the slot. Never blocks. */
    final void offer(WireFrame frame) {
        int skipped;
        synchronized (this) {
            skipped = take(frame);
        }
        if (skipped > 0) {
            skipped(skipped);
        } else if (skipped == 0) {
            send(frame);
        }
    }

    /**
     * Puts a frame in the slot or marks it as being sent. Holding the lock.
     *
     * @return 0 when the frame is to be sent now, -1 when it waits in the slot, else how many
     *     frames this one made useless (itself, or the one it replaced, or both)
     */
    private int take(WireFrame frame) {
        if (done) {
            return -1;
        }
        if (needKey) {
            if (!frame.key()) {
                return 1;
            }
            needKey = false;
        }
        if (sending) {
            if (link != null) {
                link.count(waiting != null); // the waiting frame, replaced, is never sent
            }
            if (waiting != null && codec == VideoCodec.H264 && !frame.key()) {
                // Replacing the waiting frame skips it: what follows is useless until a key frame.
                waiting = null;
                needKey = true;
                return 2;
            }
            int replaced = waiting == null ? -1 : 1;
            waiting = frame;
            return replaced;
        }
        if (link != null) {
            link.count(false);
        }
        sending = true;
        return 0;
    }

    /**
     * Told, outside the lock, of frames this viewer will never send: replaced in its slot while it
     * was slow, or useless H.264 until the next key frame. For counting; never blocks.
     */
    protected void skipped(int frames) {}

    /**
     * The transport finished sending the last frame; the newest frame that arrived meanwhile goes
     * next. A failed send ends the viewer: its transport is broken.
     */
    protected final void sent(Throwable failure) {
        WireFrame next;
        synchronized (this) {
            if (failure != null) {
                done = true;
            }
            next = done ? null : waiting;
            waiting = null;
            sending = next != null;
        }
        if (next != null) {
            send(next);
        }
    }

    /** A transport that throws (its stream already ended) fails the send; the camera's thread never sees it. */
    private void send(WireFrame frame) {
        try {
            transmit(frame);
        } catch (RuntimeException e) {
            sent(e);
        }
    }

    /** Stops taking frames; one already being sent finishes. Idempotent. */
    protected final void stop() {
        synchronized (this) {
            done = true;
            waiting = null;
        }
    }

    /** Sends one frame without blocking, then calls {@link #sent}. */
    protected abstract void transmit(WireFrame frame);

    /**
     * The camera went away (its plugin was unloaded, or the server stops): tell the client in a
     * sentence and end the stream.
     */
    protected abstract void cameraGone(String reason);

    /**
     * The camera cannot serve this viewer's codec, such as h264 without an encoder: tell the client.
     * The viewer stays attached and gets frames should the codec become available.
     */
    protected abstract void unavailable(String reason);
}
