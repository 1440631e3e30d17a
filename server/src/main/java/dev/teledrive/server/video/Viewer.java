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
        synchronized (this) {
            if (done) {
                return;
            }
            if (needKey) {
                if (!frame.key()) {
                    return;
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
                } else {
                    waiting = frame;
                }
                return;
            }
            if (link != null) {
                link.count(false);
            }
            sending = true;
        }
        send(frame);
    }

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
