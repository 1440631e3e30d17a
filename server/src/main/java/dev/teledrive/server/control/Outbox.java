package dev.teledrive.server.control;

import dev.teledrive.server.vehicles.BurstEnd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one client is sent, one write in flight at a time. Replies queue in order, up to a
 * bound; telemetry is a latest-wins slot that only fills the gaps between replies, so a slow
 * client skips samples instead of delaying the driver or piling up memory.
 *
 * <p>Frames that are waiting when the wire frees up leave together in one write. Replies made on
 * a vehicle's thread wait for the end of its burst of commands for the same reason: a pipelined
 * driver gets its acks in a few system calls instead of one each.
 */
final class Outbox {

    private final TextSender sender;
    private final int maxQueued;
    private final Runnable onOverflow;

    private final ArrayDeque<ByteBuffer> replies = new ArrayDeque<>();
    private ByteBuffer telemetry;
    private boolean inFlight;
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
                if (!inFlight && !flushDeferred && BurstEnd.defer(this::flush)) {
                    flushDeferred = true;
                } else if (!flushDeferred) {
                    next = startIfIdle();
                }
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
            next = flushDeferred ? null : startIfIdle();
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

    /** The end of a vehicle's burst: writes what it left here. */
    private void flush() {
        ByteBuffer next;
        synchronized (this) {
            flushDeferred = false;
            next = closed ? null : startIfIdle();
        }
        if (next != null) {
            write(next);
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

    /** Under the lock: whether another frame is waiting, so the one being sent may be buffered. */
    private boolean more() {
        return !replies.isEmpty() || telemetry != null;
    }

    /** Writes frames until the outbox is empty or a send completes later on another thread. */
    private void write(ByteBuffer first) {
        ByteBuffer text = first;
        boolean more;
        synchronized (this) {
            more = more();
        }
        while (text != null) {
            var completion = new Completion();
            sender.send(text, more, completion);
            if (!completion.completedInline()) {
                return; // the completion continues the loop when it arrives
            }
            synchronized (this) {
                text = afterSend(completion.failure);
                more = more();
            }
        }
    }

    /** Under the lock: the next frame to send, or {@code null} when the wire goes idle. */
    private ByteBuffer afterSend(Throwable failure) {
        if (failure != null) {
            close();
        }
        ByteBuffer next = closed ? null : poll();
        inFlight = next != null;
        return next;
    }

    /**
     * Decides who continues after a send: the writer, when the send finished before
     * {@code send} returned (no recursion, however many frames complete inline), or the
     * completion callback, when it arrives later.
     */
    private final class Completion implements java.util.function.Consumer<Throwable> {
        private final AtomicInteger race = new AtomicInteger();
        private Throwable failure;

        @Override
        public void accept(Throwable t) {
            failure = t;
            if (!race.compareAndSet(0, 1)) {
                ByteBuffer next;
                synchronized (Outbox.this) {
                    next = afterSend(t);
                }
                write(next);
            }
        }

        boolean completedInline() {
            return !race.compareAndSet(0, 2);
        }
    }
}
