package dev.teledrive.server.seats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The seat's rules on a clock that moves only when the test moves it. */
class SeatTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> log = new ArrayList<>();
    private Seat<String> seat = seat(TurnRules.NONE);

    private Seat<String> seat(TurnRules rules) {
        return new Seat<>(() -> log.add("stop"), rules, now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void oneAddressHoldsAtMostItsPlacesInTheQueueAndOthersStillGetIn() {
        // "tab" names are "address/tab": the address is what comes before the slash
        var limited = new Seat<String>(
                () -> log.add("stop"),
                new TurnRules(Duration.ZERO, Duration.ZERO, 3),
                now::get,
                who -> who.substring(0, who.indexOf('/')));
        assertEquals(Seat.Claim.DRIVING, limited.claim("hog/1", false));
        for (int tab = 2; tab <= 4; tab++) {
            assertEquals(Seat.Claim.QUEUED, limited.claim("hog/" + tab, false), "place " + (tab - 1));
        }
        assertEquals(Seat.Claim.REFUSED, limited.claim("hog/5", false), "a fourth place");
        assertEquals(Seat.Claim.QUEUED, limited.claim("honest/1", false));
        assertEquals(new SeatPlace(false, 4, 4, OptionalLong.empty(), true), limited.placeOf("honest/1"));
        assertTrue(limited.leave("hog/2"));
        assertEquals(Seat.Claim.QUEUED, limited.claim("hog/5", false), "a place freed is a place to take");
        assertEquals(Seat.Claim.DRIVING, limited.claim("admin/1", true), "the admin is not counted");
    }

    @Test
    void aFreeSeatIsTakenAndAHeldOneQueuesInArrivalOrder() {
        assertEquals(Seat.Claim.DRIVING, seat.claim("ann", false));
        assertEquals(Seat.Claim.QUEUED, seat.claim("bob", false));
        assertEquals(Seat.Claim.QUEUED, seat.claim("cat", false));
        assertEquals(Seat.Claim.UNCHANGED, seat.claim("bob", false));
        assertEquals(Seat.Claim.UNCHANGED, seat.claim("ann", false));
        assertEquals(new SeatPlace(false, 2, 2, OptionalLong.empty(), true), seat.placeOf("cat"));
        assertTrue(seat.placeOf("ann").driving());
    }

    @Test
    void aReleaseStopsTheVehicleBeforeTheNextInLineDrives() {
        seat.claim("ann", false);
        seat.claim("bob", false);
        log.clear();
        assertTrue(seat.leave("ann"));
        assertEquals(List.of("stop"), log);
        assertEquals("bob", seat.driver());
        assertEquals(0, seat.queueLength());
    }

    @Test
    void aQueuedConnectionThatLeavesLeavesNoHole() {
        seat.claim("ann", false);
        seat.claim("bob", false);
        seat.claim("cat", false);
        seat.claim("dan", false);
        assertTrue(seat.leave("cat"));
        assertEquals(List.of("bob", "dan"), seat.waiting());
        assertEquals(2, seat.placeOf("dan").position());
        assertFalse(seat.leave("eve"), "nobody to release");
    }

    @Test
    void theAdminTakesTheSeatAndTheDriverGoesToTheFrontOfTheQueue() {
        seat.claim("ann", false);
        seat.claim("bob", false);
        log.clear();
        assertEquals(Seat.Claim.DRIVING, seat.claim("admin", true));
        assertEquals(List.of("stop"), log);
        assertEquals(List.of("ann", "bob"), seat.waiting());
    }

    @Test
    void aTurnEndsOnlyWhileSomeoneWaitsAndCountsFromTheWaiting() {
        seat = seat(new TurnRules(Duration.ofSeconds(60), Duration.ZERO));
        seat.claim("ann", false);
        advance(Duration.ofMinutes(10));
        assertFalse(seat.expire(), "nobody waits: ann keeps the car");
        assertEquals(OptionalLong.empty(), seat.nextDeadline());

        seat.claim("bob", false);
        assertEquals(OptionalLong.of(now.get() + Duration.ofSeconds(60).toNanos()), seat.nextDeadline());
        assertEquals(seat.nextDeadline(), seat.placeOf("bob").turnEndsAt());
        advance(Duration.ofSeconds(59));
        assertFalse(seat.expire());
        advance(Duration.ofSeconds(1));
        log.clear();
        assertTrue(seat.expire());
        assertEquals(List.of("stop"), log);
        assertEquals("bob", seat.driver());
        assertEquals(List.of("ann"), seat.waiting(), "a driver whose turn ended goes to the back");
    }

    @Test
    void anIdleDriverLosesTheSeatWhileSomeoneWaits() {
        seat = seat(new TurnRules(Duration.ZERO, Duration.ofSeconds(30)));
        seat.claim("ann", false);
        seat.claim("bob", false);
        advance(Duration.ofSeconds(20));
        seat.commandFrom("ann");
        advance(Duration.ofSeconds(20));
        assertFalse(seat.expire(), "ann drove 20 s ago");
        seat.commandFrom("bob"); // a waiting connection's commands do not count
        advance(Duration.ofSeconds(10));
        assertTrue(seat.expire());
        assertEquals("bob", seat.driver());
        assertTrue(seat.waiting().isEmpty(), "an idle driver is not queued again");
    }

    @Test
    void skipEndsTheTurnAndWithNobodyWaitingTheDriverGoesOnAfterAStop() {
        seat.claim("ann", false);
        seat.claim("bob", false);
        assertTrue(seat.skip());
        assertEquals("bob", seat.driver());
        assertEquals(List.of("ann"), seat.waiting());
        seat.leave("ann");
        log.clear();
        assertTrue(seat.skip());
        assertEquals(List.of("stop"), log);
        assertEquals("bob", seat.driver());
        assertFalse(seat(TurnRules.NONE).skip(), "no turn to end");
    }

    @Test
    void aPausedQueueHandsTheSeatToNobodyUntilResumed() {
        seat = seat(new TurnRules(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        seat.claim("ann", false);
        seat.claim("bob", false);
        seat.pause(true);
        advance(Duration.ofMinutes(1));
        assertFalse(seat.expire(), "turns do not end while paused");
        seat.leave("ann");
        assertNull(seat.driver());
        assertEquals(Seat.Claim.QUEUED, seat.claim("cat", false));
        seat.pause(false);
        assertEquals("bob", seat.driver());
        assertEquals(List.of("cat"), seat.waiting());
    }

    /**
     * Random claims, releases, admin claims, skips, commands and time from 12 connections: after every
     * step the driver is not also queued, every change of driver came right after a stop under the
     * old driver, and at the end everyone still queued drives in turn.
     */
    @Test
    void aStormOfClaimsReleasesSkipsAndTurnEndsKeepsEveryRule() {
        for (long seed = 1; seed <= 30; seed++) {
            var random = new java.util.Random(seed);
            log.clear();
            seat = seat(new TurnRules(
                    Duration.ofSeconds(1 + random.nextInt(5)), Duration.ofSeconds(1 + random.nextInt(5))));
            String before = null;
            for (int step = 0; step < 3000; step++) {
                String who = "c" + random.nextInt(12);
                int stops = log.size();
                int op = random.nextInt(8);
                switch (op) {
                    case 0, 1, 2 -> seat.claim(who, random.nextInt(40) == 0);
                    case 3, 4 -> seat.leave(who);
                    case 5 -> seat.commandFrom(who);
                    case 6 -> advance(Duration.ofMillis(random.nextInt(3000)));
                    default -> {
                        if (random.nextInt(20) == 0) {
                            seat.skip();
                        } else {
                            seat.expire();
                        }
                    }
                }
                String after = seat.driver();
                if (after != null) {
                    assertFalse(
                            seat.waiting().contains(after),
                            "seed " + seed + " step " + step + ": the driver also waits");
                }
                if (!java.util.Objects.equals(before, after) && before != null) {
                    assertTrue(log.size() > stops, "seed " + seed + ": " + before + " left the seat without a stop");
                }
                before = after;
            }
            List<String> queued = seat.waiting();
            List<String> drove = new ArrayList<>();
            if (seat.driver() != null) {
                seat.leave(seat.driver());
            }
            while (seat.driver() != null) {
                drove.add(seat.driver());
                seat.leave(seat.driver());
            }
            assertEquals(queued, drove, "seed " + seed + ": everyone queued drives, in order");
        }
    }

    @Test
    void aHeldPlaceGoesToItsHeirWithoutAStopAndTheQueueKeepsItsOrder() {
        seat.claim("ann", false);
        seat.claim("bob", false);
        seat.claim("cat", false);
        log.clear();
        assertTrue(seat.replace("ann", "ann2"), "the seat");
        assertTrue(seat.isDriver("ann2"));
        assertTrue(seat.replace("bob", "bob2"), "a queue place");
        assertEquals(List.of("bob2", "cat"), seat.waiting());
        assertFalse(seat.replace("dan", "dan2"), "no place to take over");
        assertEquals(List.of(), log, "nobody's vehicle stops: it stopped when the place was first held");
    }
}
