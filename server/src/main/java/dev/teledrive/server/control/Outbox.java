package dev.teledrive.server.control;

import dev.teledrive.server.threads.Burst;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one client is sent, one write in flight at a time. Replies queue in order, up to a
 * bound; telemetry is a latest-wins slot that only fills the gaps between replies, so a slow
 * client skips samples instead of delaying the driver or piling up memory.
 *
 * <p>Frames that are waiting when the wire frees up leave together in one write. In a
 * {@link Burst} (a vehicle thread's run of commands, the handling of a network read) the first
 * frame leaves at once, so a lone command's ack waits for nothing, and the frames after it wait
 * in the WebSocket's buffer until the burst ends: a pipelining driver gets its acks in a few
 * system calls instead of one each. They wait in Jetty's buffer rather than here so that a close
 * Jetty sends on its own, such as 1009 for an oversized frame, still follows them.
 *
 * <p>Public for a hub, whose clients' frames come from sites and whose telemetry comes from the
 * bus: they get exactly this outbox, so a slow viewer is handled the same everywhere.
 */
public final class Outbox {

    private final TextSender sender;
    private final int maxQueued;
    private final Runnable onOverflow;
    private final Runnable onSkipped;

    /** Stands in the queue of replies for the close that must follow them ({@link #closeAfterReplies}). */
    private static final ByteBuffer CLOSE = ByteBuffer.allocate(0);

    private final ArrayDeque<ByteBuffer> replies = new ArrayDeque<>();
    private Runnable closeAfter;
    private ByteBuffer telemetry;
    private boolean inFlight;
    /** {@link #endOfBurst} is due when the calling thread's burst ends. */
    private boolean burstHooked;
    /** A frame went out during this burst: the ones after it wait in the buffer for its end. */
    private boolean leadWritten;
    /** A frame waits in the sender's buffer for the end of this burst. */
    private boolean heldForBurst;

    private boolean closed;

    /**
     * @param sender     the WebSocket
     * @param maxQueued  replies that may wait before the client counts as too slow
     * @param onOverflow called once when that bound is passed (the session then closes)
     */
    public Outbox(TextSender sender, int maxQueued, Runnable onOverflow) {
        this(sender, maxQueued, onOverflow, () -> {});
    }

    /**
     * As above, and {@code onSkipped} is called for each telemetry sample that a newer one
     * replaced before it was sent.
     */
    public Outbox(TextSender sender, int maxQueued, Runnable onOverflow, Runnable onSkipped) {
        this.sender = sender;
        this.maxQueued = maxQueued;
        this.onOverflow = onOverflow;
        this.onSkipped = onSkipped;
    }

    /** Queues a reply or event; it is never dropped while the connection lives. */
    public void send(String text) {
        send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #send(String)}, for a message already encoded, whose bytes other outboxes may share. */
    void send(ByteBuffer encoded) {
        ByteBuffer utf8 = encoded.slice();
        ByteBuffer next = null;
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (replies.size() >= maxQueued) {
                close();
                overflow = true;
            } else {
                replies.add(utf8);
                if (!burstHooked) {
                    burstHooked = Burst.defer(this::endOfBurst);
                }
                next = startIfIdle();
            }
        }
        if (next != null) {
            write(next);
        } else if (overflow) {
            onOverflow.run();
        }
    }

    /** Replaces any telemetry not yet sent with this newer sample, whose bytes other outboxes share. */
    public void offerTelemetry(ByteBuffer utf8) {
        ByteBuffer next;
        boolean skipped;
        synchronized (this) {
            if (closed) {
                return;
            }
            skipped = telemetry != null;
            telemetry = utf8;
            next = startIfIdle();
        }
        if (skipped) {
            onSkipped.run();
        }
        if (next != null) {
            write(next);
        }
    }

    /**
     * Runs {@code close} once every reply queued so far has been handed to the WebSocket, which then
     * sends them ahead of the close frame; telemetry and later replies are not sent.
     */
    void closeAfterReplies(Runnable close) {
        ByteBuffer next;
        synchronized (this) {
            if (closed || closeAfter != null) {
                return;
            }
            closeAfter = close;
            replies.add(CLOSE);
            next = startIfIdle();
        }
        if (next != null) {
            write(next);
        }
    }

    /** Drops everything still waiting; later sends are ignored. */
    public synchronized void close() {
        closed = true;
        replies.clear();
        telemetry = null;
    }

    /** The end of a burst: writes what it left in the buffer. */
    private void endOfBurst() {
        boolean flush;
        synchronized (this) {
            flush = heldForBurst && !closed;
            burstHooked = false;
            leadWritten = false;
            heldForBurst = false;
        }
        if (flush) {
            sender.flush();
        }
    }

    /** Under the lock: claims the wire if it is free and returns what to write. */
    private ByteBuffer startIfIdle() {
        if (inFlight) {
            return null;
        }
        ByteBuffer next = poll();
        inFlight = next != null;
        return next;
    }

    /** Under the lock: replies first, then the latest telemetry; a view of its own, as the bytes may be shared. */
    private ByteBuffer poll() {
        ByteBuffer next = replies.poll();
        if (next == null && telemetry != null) {
            next = telemetry.slice();
            telemetry = null;
        }
        return next;
    }

    /** Writes frames until the outbox is empty or a send completes later on another thread. */
    private void write(ByteBuffer first) {
        ByteBuffer text = first;
        while (text != null) {
            if (text == CLOSE) {
                Runnable close;
                synchronized (this) {
                    close = closeAfter;
                    close();
                }
                close.run();
                return;
            }
            boolean followed;
            boolean hold;
            synchronized (this) {
                followed = !replies.isEmpty() || telemetry != null; // the next frame will flush this one
                hold = !followed && burstHooked && leadWritten; // the burst's end will
                leadWritten |= burstHooked && !followed; // this one flushes: the burst's lead
                heldForBurst |= hold;
            }
            var completion = new Completion(hold);
            sender.send(text, followed || hold, completion);
            if (!completion.completedInline()) {
                return; // the completion continues the loop when it arrives
            }
            text = next(completion);
        }
    }

    /** The frame to send after one completed, or {@code null} when the wire goes idle. */
    private ByteBuffer next(Completion sent) {
        ByteBuffer next;
        boolean stranded;
        synchronized (this) {
            if (sent.failure != null) {
                close();
            }
            next = closed ? null : poll();
            inFlight = next != null;
            // The burst this frame was held for may have ended while it was on its way, and flushed
            // before it was buffered: the current burst's end flushes it then, or the writer now.
            stranded = false;
            if (sent.held && !closed) {
                heldForBurst |= burstHooked;
                stranded = !burstHooked;
            }
        }
        if (stranded) {
            sender.flush();
        }
        return next;
    }

    /**
     * Decides who continues after a send: the writer, when the send finished before
     * {@code send} returned (no recursion, however many frames complete inline), or the
     * completion callback, when it arrives later.
     */
    private final class Completion implements java.util.function.Consumer<Throwable> {
        private final AtomicInteger race = new AtomicInteger();
        private final boolean held;
        private Throwable failure;

        Completion(boolean held) {
            this.held = held;
        }

        @Override
        public void accept(Throwable t) {
            failure = t;
            if (!race.compareAndSet(0, 1)) {
                write(next(this));
            }
        }

        boolean completedInline() {
            return !race.compareAndSet(0, 2);
        }
    }
}
