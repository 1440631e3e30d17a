package dev.teledrive.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Short-lived tickets that open video where a token guards the server: a token must never appear
 * in a URL ({@code <img src>} cannot send a header), a ticket may. Each is 128 random bits, valid
 * for {@link #VALIDITY} on the injected clock and for as many streams as its holder opens meanwhile.
 * Memory stays bounded: expired tickets are purged as new ones are issued, and beyond {@link
 * #MAX_TICKETS} the oldest goes first.
 */
public final class VideoTickets {

    /** How long a ticket opens video: the protocol promises at least 60 s. */
    public static final Duration VALIDITY = Duration.ofSeconds(120);
    /** The most tickets held at once: far more than live viewers, small enough to never matter. */
    static final int MAX_TICKETS = 10_000;

    private static final int BYTES = 16;

    /**
     * A ticket issued.
     *
     * @param value     the opaque ticket, base64url without padding
     * @param expiresAt when it stops opening video, epoch milliseconds
     */
    public record Ticket(String value, long expiresAt) {
        @Override
        public String toString() {
            return "Ticket[expiresAt=" + expiresAt + "]"; // never the value: it opens video
        }
    }

    private record Grant(String role, long expiresAt) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Insertion order is issue order, so the oldest ticket is first. */
    private final Map<String, Grant> tickets = new LinkedHashMap<>();

    public VideoTickets(Clock clock) {
        this.clock = clock;
    }

    /** Issues a ticket that opens video for this role (such as {@code spectator}). */
    public Ticket issue(String role) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        long expiresAt = now + VALIDITY.toMillis();
        synchronized (tickets) {
            purge(now);
            if (tickets.size() >= MAX_TICKETS) {
                Iterator<String> oldest = tickets.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            tickets.put(value, new Grant(role, expiresAt));
        }
        return new Ticket(value, expiresAt);
    }

    /** The role a ticket opens video for, if it is one issued here and not expired. */
    public Optional<String> redeem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        synchronized (tickets) {
            Grant grant = tickets.get(value);
            if (grant == null) {
                return Optional.empty();
            }
            if (grant.expiresAt() <= now) {
                tickets.remove(value);
                return Optional.empty();
            }
            return Optional.of(grant.role());
        }
    }

    /** Tickets held now, expired ones included until the next purge. */
    int size() {
        synchronized (tickets) {
            return tickets.size();
        }
    }

    /** Drops expired tickets; they were issued in order, so the expired ones come first. */
    private void purge(long now) {
        for (Iterator<Grant> it = tickets.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() > now) {
                return;
            }
            it.remove();
        }
    }
}
