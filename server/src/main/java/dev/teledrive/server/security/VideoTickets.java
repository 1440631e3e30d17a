package dev.teledrive.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Short-lived tickets that open video where a token guards the server: a token must never appear
 * in a URL ({@code <img src>} cannot send a header), a ticket may. Each is 128 random bits, valid
 * for {@link #VALIDITY} on the injected clock and for as many streams as its holder opens meanwhile.
 *
 * <p>Memory stays bounded without letting anyone cut another's tickets short: a connection holds at
 * most {@link #PER_HOLDER} live tickets (a further one replaces its own oldest, as a page that
 * reopens its video goes on working), an address at most {@link #PER_ADDRESS}, and the server
 * {@link #MAX_TICKETS}; past the last two a request is refused, and nobody's ticket is dropped
 * before it expires.
 */
public final class VideoTickets {

    /** How long a ticket opens video: the protocol promises at least 60 s. */
    public static final Duration VALIDITY = Duration.ofSeconds(120);
    /** The most tickets held at once: far more than live viewers, small enough to never matter. */
    static final int MAX_TICKETS = 10_000;
    /** Live tickets one connection holds: its page opens one stream per camera switch or reconnect. */
    static final int PER_HOLDER = 8;
    /** Live tickets one client address holds: a household's tabs and players, not a flood. */
    static final int PER_ADDRESS = 64;

    private static final int BYTES = 16;

    /** The role of a ticket a site issued to a client of a hub: the site checked the client's role. */
    public static final String RELAYED = "relayed";

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

    /**
     * Who asks for a ticket.
     *
     * @param connection the asking connection, unique in the server
     * @param address    its client address
     */
    public record Holder(String connection, String address) {}

    /** A ticket that cannot be issued now; the message says why and when to try again. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private record Grant(String role, long expiresAt, Holder holder) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Insertion order is issue order, so the oldest ticket is first. */
    private final Map<String, Grant> tickets = new LinkedHashMap<>();
    /** Each holder's live tickets, oldest first. */
    private final Map<Holder, ArrayDeque<String>> byHolder = new HashMap<>();

    private final Map<String, Integer> byAddress = new HashMap<>();

    public VideoTickets(Clock clock) {
        this.clock = clock;
    }

    /** Issues a ticket that opens video for this role (such as {@code spectator}). */
    public Ticket issue(String role, Holder holder) throws Refused {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expiresAt = clock.millis() + VALIDITY.toMillis();
        keep(value, new Grant(role, expiresAt, holder));
        return new Ticket(value, expiresAt);
    }

    /**
     * Keeps a ticket issued elsewhere, so that it opens video here too: at a hub, one its site issued
     * to a client of this hub. It is held to the same bounds as a ticket issued here, and to this
     * server's validity whatever the issuer said.
     *
     * @param role what the ticket opens video for, as far as this server knows (such as
     *     {@link #RELAYED})
     */
    public Ticket admit(String value, long expiresAt, String role, Holder holder) throws Refused {
        if (value == null || value.isEmpty() || value.length() > 64) {
            throw new Refused("a ticket must be 1 to 64 characters");
        }
        long until = Math.min(expiresAt, clock.millis() + VALIDITY.toMillis());
        synchronized (tickets) {
            if (tickets.containsKey(value)) {
                return new Ticket(value, tickets.get(value).expiresAt());
            }
        }
        keep(value, new Grant(role, until, holder));
        return new Ticket(value, until);
    }

    private void keep(String value, Grant grant) throws Refused {
        Holder holder = grant.holder();
        synchronized (tickets) {
            purge(clock.millis());
            ArrayDeque<String> own = byHolder.get(holder);
            if (own != null && own.size() >= PER_HOLDER) {
                remove(own.peekFirst()); // this connection's own oldest, never anyone else's
            } else if (byAddress.getOrDefault(holder.address(), 0) >= PER_ADDRESS) {
                throw new Refused("your address holds " + PER_ADDRESS + " live video tickets already; each lasts "
                        + VALIDITY.toSeconds() + " s: use one you have, or try again later");
            } else if (tickets.size() >= MAX_TICKETS) {
                throw new Refused("the server holds " + MAX_TICKETS + " live video tickets; try again in a minute");
            }
            tickets.put(value, grant);
            byHolder.computeIfAbsent(holder, h -> new ArrayDeque<>()).addLast(value);
            byAddress.merge(holder.address(), 1, Integer::sum);
        }
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
                remove(value);
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
        for (Iterator<Map.Entry<String, Grant>> it = tickets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Grant> e = it.next();
            if (e.getValue().expiresAt() > now) {
                return;
            }
            it.remove();
            forget(e.getKey(), e.getValue().holder());
        }
    }

    private void remove(String value) {
        Grant grant = tickets.remove(value);
        if (grant != null) {
            forget(value, grant.holder());
        }
    }

    /** Takes a ticket out of its holder's and its address's counts. */
    private void forget(String value, Holder holder) {
        ArrayDeque<String> own = byHolder.get(holder);
        if (own != null) {
            own.remove(value); // almost always the first
            if (own.isEmpty()) {
                byHolder.remove(holder);
            }
        }
        byAddress.computeIfPresent(holder.address(), (a, n) -> n > 1 ? n - 1 : null);
    }
}
