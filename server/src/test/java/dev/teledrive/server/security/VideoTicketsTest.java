package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    private static final VideoTickets.Holder ALICE = new VideoTickets.Holder("1", "203.0.113.7");
    private static final VideoTickets.Holder BOB = new VideoTickets.Holder("2", "198.51.100.9");

    @Test
    void aTicketIsRandomOpaqueAndOpensVideoForItsRoleUntilItExpires() throws Exception {
        var a = tickets.issue("spectator", ALICE);
        var b = tickets.issue("driver", ALICE);
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
    void aFloodFromOtherConnectionsAndAddressesNeverCutsAVictimsTicketShort() throws Exception {
        var victim = tickets.issue("spectator", ALICE);
        int refused = 0;
        for (int i = 0; i < 3 * VideoTickets.MAX_TICKETS; i++) {
            try {
                // 19 connections of one address, as in the attack, then many addresses at once
                var holder = i < 20_000
                        ? new VideoTickets.Holder("flood-" + i % 19, "192.0.2.66")
                        : new VideoTickets.Holder("bot-" + i, "10.0." + (i / 256 % 256) + "." + i % 256);
                tickets.issue("spectator", holder);
            } catch (VideoTickets.Refused e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "the flood was refused, not served by evicting others");
        assertTrue(tickets.size() <= VideoTickets.MAX_TICKETS, "memory stays bounded");
        now = now.plusSeconds(119);
        assertEquals(Optional.of("spectator"), tickets.redeem(victim.value()), "the victim's ticket lives its life");
        assertThrows(VideoTickets.Refused.class, () -> tickets.issue("spectator", BOB), "the server is full");
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), tickets.redeem(victim.value()));
        tickets.issue("spectator", BOB); // expired ones make room
    }

    @Test
    void oneAddressHoldsALimitedNumberAndAConnectionReplacesOnlyItsOwnOldest() throws Exception {
        var first = tickets.issue("spectator", ALICE);
        for (int i = 1; i < VideoTickets.PER_HOLDER; i++) {
            tickets.issue("spectator", ALICE);
        }
        assertEquals(Optional.of("spectator"), tickets.redeem(first.value()));
        tickets.issue("spectator", ALICE);
        assertEquals(Optional.empty(), tickets.redeem(first.value()), "the connection's own oldest made room");
        for (int c = 0; c < VideoTickets.PER_ADDRESS / VideoTickets.PER_HOLDER - 1; c++) {
            for (int i = 0; i < VideoTickets.PER_HOLDER; i++) {
                tickets.issue("spectator", new VideoTickets.Holder("tab-" + c, ALICE.address()));
            }
        }
        var refused = assertThrows(
                VideoTickets.Refused.class,
                () -> tickets.issue("spectator", new VideoTickets.Holder("tab-new", ALICE.address())));
        assertTrue(refused.getMessage().contains("your address holds 64"), refused.getMessage());
        tickets.issue("spectator", BOB); // another address is not concerned
    }

    @Test
    void memoryStaysBounded() throws Exception {
        for (int i = 0; i < VideoTickets.MAX_TICKETS; i++) {
            tickets.issue("spectator", new VideoTickets.Holder("c" + i / 8, "a" + i / 64));
        }
        assertEquals(VideoTickets.MAX_TICKETS, tickets.size());
        now = now.plusSeconds(121);
        tickets.issue("spectator", ALICE);
        assertEquals(1, tickets.size(), "expired tickets are purged");
    }

    @Test
    void aTicketIssuedElsewhereOpensVideoHereWithinThisServersValidityAndBounds() throws Exception {
        long siteSays = now.toEpochMilli() + 600_000;
        var kept = tickets.admit("from-the-site", siteSays, VideoTickets.RELAYED, ALICE);
        assertEquals(now.toEpochMilli() + 120_000, kept.expiresAt(), "never longer than a ticket issued here");
        assertEquals(Optional.of(VideoTickets.RELAYED), tickets.redeem("from-the-site"));
        now = now.plusSeconds(120);
        assertEquals(Optional.empty(), tickets.redeem("from-the-site"));

        for (int i = 0; i < VideoTickets.PER_HOLDER + 1; i++) {
            tickets.admit("t" + i, Long.MAX_VALUE, VideoTickets.RELAYED, BOB);
        }
        assertEquals(Optional.empty(), tickets.redeem("t0"), "a holder's own oldest makes room, as for issued ones");
        assertEquals(Optional.of(VideoTickets.RELAYED), tickets.redeem("t" + VideoTickets.PER_HOLDER));
        assertThrows(VideoTickets.Refused.class, () -> tickets.admit("", Long.MAX_VALUE, "x", ALICE));
        assertThrows(VideoTickets.Refused.class, () -> tickets.admit("x".repeat(65), Long.MAX_VALUE, "x", ALICE));
    }
}
