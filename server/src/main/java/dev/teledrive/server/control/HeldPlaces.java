package dev.teledrive.server.control;

import dev.teledrive.server.vehicles.VehicleTimers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The places of connections that dropped, each held under the resume token its {@code hello} gave,
 * for the grace period ({@code turns.graceSeconds}). A held connection stays where it was in its
 * vehicle's {@link dev.teledrive.server.seats.Seat}, closed, so the seat counts as driven and the
 * queue behind it waits with no rule of the seat's changed; whoever takes the token first, a
 * {@code resume} or the grace's end, decides what becomes of it.
 *
 * <p>Tokens are 128 random bits; they are never logged, and a {@link Held} does not print one.
 */
final class HeldPlaces {

    private static final int TOKEN_BYTES = 16;

    /**
     * A dropped connection's place.
     *
     * @param session the closed connection, still in its vehicle's seat or queue
     * @param vehicle the vehicle it had selected
     */
    record Held(ControlSession session, String vehicle) {}

    private final Duration grace;
    private final VehicleTimers timers;
    private final Consumer<Held> expired;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byToken = new HashMap<>();

    private record Entry(Held held, Runnable cancel) {}

    /**
     * @param grace   how long a place is held; zero holds nothing
     * @param timers  where the grace periods run out: real time, or a test's clock
     * @param expired told of a place whose grace ran out unclaimed, to free it
     */
    HeldPlaces(Duration grace, VehicleTimers timers, Consumer<Held> expired) {
        this.grace = grace;
        this.timers = timers;
        this.expired = expired;
    }

    /** A fresh, unguessable token for a new connection's {@code hello}. */
    String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** How long a place is held. */
    Duration grace() {
        return grace;
    }

    /**
     * Holds a closed connection's place under its token, if holding is on and the client was ever
     * told the token.
     *
     * @return whether the place is held: then the caller leaves it where it is
     */
    boolean hold(ControlSession closed) {
        if (grace.isZero() || !closed.listening() || closed.vehicle() == null) {
            return false;
        }
        String token = closed.resumeToken();
        Held held = new Held(closed, closed.vehicle());
        Entry older;
        synchronized (byToken) {
            Entry[] entry = new Entry[1];
            Runnable cancel = timers.schedule(() -> expire(token, entry[0]), grace.toNanos());
            entry[0] = new Entry(held, cancel);
            older = byToken.put(token, entry[0]);
        }
        if (older != null) {
            // A hub gives its client's one token to each connection it opens here: an earlier place under
            // it that nobody resumed is this client's too, and only its latest place is worth keeping.
            older.cancel().run();
            expired.accept(older.held());
        }
        return true;
    }

    /** The closed connection whose place is held under this token now, if any. */
    Optional<ControlSession> holder(String token) {
        synchronized (byToken) {
            Entry entry = byToken.get(token);
            return entry == null ? Optional.empty() : Optional.of(entry.held().session());
        }
    }

    /**
     * Takes the place held under this token, spending the token, if the new connection may have it:
     * a seat or a queue place needs a connection that may drive.
     */
    Optional<Held> take(String token, ControlSession heir) throws ProtocolException {
        synchronized (byToken) {
            Entry entry = byToken.get(token);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.held().session().mayDrive() && !heir.mayDrive()) {
                throw new ProtocolException(
                        ErrorCode.UNAUTHORIZED,
                        "this place was held by a driver: authenticate with a driver token first, then resume");
            }
            byToken.remove(token);
            entry.cancel().run();
            return Optional.of(entry.held());
        }
    }

    /** Places held now. */
    int size() {
        synchronized (byToken) {
            return byToken.size();
        }
    }

    private void expire(String token, Entry entry) {
        synchronized (byToken) {
            if (!byToken.remove(token, entry)) {
                return; // taken, or replaced by a later place under the same token
            }
        }
        expired.accept(entry.held());
    }
}
