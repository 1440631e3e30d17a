package dev.teledrive.server.control;

import dev.teledrive.server.security.AddressCaps;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every open control connection, in one place: the list that telemetry and state reach and the
 * counts the connection caps read. A connection enters before anything is written to it and
 * leaves on every path that ends it, so a client that hangs up in the middle of its greeting
 * leaves nothing behind.
 */
final class Connections {

    private final AddressCaps caps;
    /** Copy-on-write: telemetry walks it many times a second, connections come and go rarely. */
    private final List<ControlSession> open = new CopyOnWriteArrayList<>();

    /**
     * @param maxTotal      the most connections at once, 0 = no cap
     * @param maxPerAddress the most connections from one address, 0 = no cap
     */
    Connections(int maxTotal, int maxPerAddress) {
        this.caps = new AddressCaps(maxTotal, maxPerAddress);
    }

    /**
     * Lets a connection in if the caps allow.
     *
     * @return {@code null} if it is in, else why not
     */
    AddressCaps.Refusal add(ControlSession session) {
        AddressCaps.Refusal refusal = caps.tryAcquire(session.remote());
        if (refusal == null) {
            open.add(session);
        }
        return refusal;
    }

    /** Takes a connection out; one that is not in (or already out) changes nothing. */
    void remove(ControlSession session) {
        if (open.remove(session)) {
            caps.release(session.remote());
        }
    }

    /** The open connections, for walking; a snapshot that later changes do not disturb. */
    Iterable<ControlSession> all() {
        return open;
    }

    /**
     * The open connection whose {@code hello} gave this resume token, if any: one whose client lost
     * it without the server noticing yet (a phone that changed networks, a hub that died).
     */
    Optional<ControlSession> withToken(String token) {
        for (ControlSession s : open) {
            if (!s.closed() && s.resumeToken().equals(token)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    int count() {
        return caps.count();
    }

    int countFrom(String address) {
        return caps.countFrom(address);
    }

    boolean isEmpty() {
        return open.isEmpty();
    }
}
