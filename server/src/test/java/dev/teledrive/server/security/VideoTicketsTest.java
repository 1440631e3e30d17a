package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoTicketsTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final VideoTickets tickets = new VideoTickets(clock);

    @Test
    void aTicketIsRandomOpaqueAndOpensVideoForItsRoleUntilItExpires() {
        var a = tickets.issue("spectator");
        var b = tickets.issue("driver");
        assertNotEquals(a.value(), b.value());
        assertTrue(a.value().matches("[A-Za-z0-9_-]{22}"), a.value()); // 128 bits, base64url
        assertEquals(now.toEpochMilli() + 120_000, a.expiresAt());
        assertEquals(Optional.of("spectator"), tickets.redeem(a.value()));
        assertEquals(Optional.of("spectator"), tickets.redeem(a.value()), "good for more than one stream");
        assertEquals(Optional.empty(), tickets.redeem("nonsense"));
        assertEquals(Optional.empty(), tickets.redeem(null));
        now = now.plusSeconds(119);
        assertEquals(Optional.of("driver"), tickets.redeem(b.value()));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), tickets.redeem(b.value()));
        assertTrue(!a.toString().contains(a.value()), "never printed");
    }

    @Test
    void memoryStaysBounded() {
        for (int i = 0; i < VideoTickets.MAX_TICKETS + 10; i++) {
            tickets.issue("spectator");
        }
        assertEquals(VideoTickets.MAX_TICKETS, tickets.size());
        now = now.plusSeconds(121);
        tickets.issue("spectator");
        assertEquals(1, tickets.size(), "expired tickets are purged");
    }
}
