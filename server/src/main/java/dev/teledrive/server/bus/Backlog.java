package dev.teledrive.server.bus;

import java.util.function.LongSupplier;

/**
 * The bytes this process handed to jnats that jnats's writer has not taken yet, known without taking
 * any lock of jnats's. jnats's own {@code Connection.outgoingPendingBytes} takes the lock its
 * reconnect holds for as long as NATS is away, and then its writer's lock, held through a socket
 * write that blocks while a node is frozen: a camera's thread asking then stops every viewer of that
 * camera, and a thread holding the first lock while it waits for the second keeps jnats from ever
 * giving up on a frozen node.
 *
 * <p>So the count is kept here: every message adds its payload's size before jnats gets it, and each
 * reading takes off what jnats's writer took since the reading before (its statistics' bytes out).
 * jnats counts its control lines and its own protocol messages there too, so the count errs low by
 * a few bytes, never high, and never goes below zero: it cannot creep up and hold frames back for good.
 */
final class Backlog {

    private final LongSupplier written;
    private long owed; // guarded by this
    private long seen; // guarded by this

    /** @param written the bytes jnats's writer has taken so far (its statistics' bytes out) */
    Backlog(LongSupplier written) {
        this.written = written;
        this.seen = written.getAsLong();
    }

    /** A message of this many payload bytes goes to jnats now (before it does, so its writer cannot take it first). */
    synchronized void handed(long bytes) {
        owed += bytes;
    }

    /** A message counted by {@link #handed} that jnats refused after all. */
    synchronized void refused(long bytes) {
        owed = Math.max(0, owed - bytes);
    }

    /** What waits for jnats's writer now. */
    synchronized long pending() {
        long now = written.getAsLong();
        owed = Math.max(0, owed - (now - seen));
        seen = now;
        return owed;
    }
}
