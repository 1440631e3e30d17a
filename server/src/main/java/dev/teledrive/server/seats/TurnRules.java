package dev.teledrive.server.seats;

import java.time.Duration;

/**
 * How long one driver may keep a vehicle while others wait.
 *
 * @param turn the longest turn while someone waits ({@code turns.seconds}); zero for no limit
 * @param idle how long a driver may send no command that can move the vehicle while someone waits
 *             before losing the seat ({@code turns.idleSeconds}); zero for no limit
 * @param placesPerAddress the most places one client address holds in one vehicle's queue
 *             ({@code turns.placesPerAddress}), so one person with many tabs cannot fill it; zero
 *             for no limit
 */
public record TurnRules(Duration turn, Duration idle, int placesPerAddress) {

    /** No limits: a driver keeps the seat until letting go, as in protocol version 1. */
    public static final TurnRules NONE = new TurnRules(Duration.ZERO, Duration.ZERO);

    /** Checks that neither is negative. */
    public TurnRules {
        if (turn.isNegative() || idle.isNegative() || placesPerAddress < 0) {
            throw new IllegalArgumentException("turn lengths and places cannot be negative");
        }
    }

    /** Turn and idle limits, with no limit on places per address. */
    public TurnRules(Duration turn, Duration idle) {
        this(turn, idle, 0);
    }
}
