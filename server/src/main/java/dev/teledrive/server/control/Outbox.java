package dev.teledrive.server.control;

import dev.teledrive.server.burst.Burst;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one client is sent, one write in flight at a time. Replies queue in order, up to a
 * bound; telemetry is a latest-wins slot that only fills the gaps between replies, so a slow
 * client skips samples instead of delaying the driver or piling up memory.
 *
 * <p>Frames that are waiting when the wire frees up leave together in one write. Frames sent
 * during a {@link Burst} (a vehicle thread's run of commands, the handling of a network read)
 * wait in the WebSocket's buffer until the burst ends, for the same reason: a pipelining driver
 * gets its acks in a few system calls instead of one each. They wait in Jetty's buffer rather than
 * here so that a close Jetty sends on its own, such as 1009 for an oversized frame, still follows them.
 */
final class Outbox {

    private final TextSender sender;
    private final int maxQueued;
    private final Runnable onOverflow;

    private final ArrayDeque<ByteBuffer> replies = new ArrayDeque<>();
    private ByteBuffer telemetry;
    private boolean inFlight;
    /** The end of the current burst will flush what was buffered: until then, frames are buffered. */
    private boolean flushDeferred;
    private boolean closed;

    /**
     * @param sender     the WebSocket
     * @param maxQueued  replies that may wait before the client counts as too slow
     * @param onOverflow called once when that bound is passed (the session then closes)
     */
    Outbox(TextSender sender, int maxQueued, Runnable onOverflow) {
        this.sender = sender;
        this.maxQueued = maxQueued;
        this.onOverflow = onOverflow;
    }

    /** Queues a reply or event; it is never dropped while the connection lives. */
    void send(String text) {
        ByteBuffer utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
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
                if (!flushDeferred) {
                    flushDeferred = Burst.defer(this::flush);
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
    void offerTelemetry(ByteBuffer utf8) {
        ByteBuffer next;
        synchronized (this) {
            if (closed) {
                return;
            }
            telemetry = utf8;
            next = startIfIdle();
        }
        if (next != null) {
            write(next);
        }
    }

    /** Drops everything still waiting; later sends are ignored. */
    synchronized void close() {
        closed = true;
        replies.clear();
        telemetry = null;
    }

    /** The end of a burst: writes what it left in the buffer. */
    private void flush() {
        synchronized (this) {
            flushDeferred = false;
            if (closed) {
                return;
            }
        }
        sender.flush();
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
            boolean batch;
            synchronized (this) {
                // Buffered when another frame follows at once, or when a burst's end will flush.
                batch = !replies.isEmpty() || telemetry != null || flushDeferred;
            }
            var completion = new Completion(batch);
            sender.send(text, batch, completion);
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
            // A burst that ended while this frame was on its way flushed before it was buffered.
            stranded = next == null && sent.batched && !flushDeferred && !closed;
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
        private final boolean batched;
        private Throwable failure;

        Completion(boolean batched) {
            this.batched = batched;
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
