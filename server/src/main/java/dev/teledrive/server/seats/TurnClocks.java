package dev.teledrive.server.seats;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The driver's turn and idle clocks. They run only while someone waits, so each counts from the
 * later of its own start and the moment the waiting began: a driver alone drives on for ever. Read
 * from the monotonic clock given; not thread-safe, its {@link Seat}'s lock guards it.
 */
final class TurnClocks {

    private final TurnRules rules;
    private final LongSupplier nanos;
    private long turnStartedAt;
    private long lastCommandAt;
    private long waitingSince;

    /**
     * @param rules the turn and idle limits, zero for none
     * @param nanos the monotonic clock, in nanoseconds
     */
    TurnClocks(TurnRules rules, LongSupplier nanos) {
        this.rules = rules;
        this.nanos = nanos;
    }

    long now() {
        return nanos.getAsLong();
    }

    /** A new driver (or nobody) took the seat: both clocks start again. */
    void newTurn() {
        long now = nanos.getAsLong();
        turnStartedAt = now;
        lastCommandAt = now;
    }

    /** The driver sent a command: the idle clock starts again. */
    void command() {
        lastCommandAt = nanos.getAsLong();
    }

    /** Someone began to wait in an empty line. */
    void waitingStarts() {
        waitingSince = nanos.getAsLong();
    }

    /** The line emptied. */
    void nobodyWaits() {
        waitingSince = 0;
    }

    /** When the turn ends, if turns are limited. */
    OptionalLong turnEndsAt() {
        if (rules.turn().isZero()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                Math.max(turnStartedAt, waitingSince) + rules.turn().toNanos());
    }

    /** When the driver counts as idle, if idleness is limited. */
    private OptionalLong idleEndsAt() {
        if (rules.idle().isZero()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                Math.max(lastCommandAt, waitingSince) + rules.idle().toNanos());
    }

    /** Whether the driver sent nothing for too long by {@code now}. */
    boolean idleAt(long now) {
        return due(idleEndsAt(), now);
    }

    /** Whether the turn is over by {@code now}. */
    boolean turnOverAt(long now) {
        return due(turnEndsAt(), now);
    }

    /** The earlier of the two ends, if either is limited. */
    OptionalLong nextDeadline() {
        OptionalLong idle = idleEndsAt();
        OptionalLong turn = turnEndsAt();
        if (idle.isPresent() && turn.isPresent()) {
            return OptionalLong.of(Math.min(idle.getAsLong(), turn.getAsLong()));
        }
        return idle.isPresent() ? idle : turn;
    }

    private static boolean due(OptionalLong deadline, long now) {
        return deadline.isPresent() && now - deadline.getAsLong() >= 0;
    }
}
