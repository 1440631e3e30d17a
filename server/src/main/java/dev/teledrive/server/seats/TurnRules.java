package dev.teledrive.server.seats;

import java.time.Duration;

/**
 * How long one driver may keep a vehicle while others wait.
 *
 * @param turn the longest turn while someone waits ({@code turns.seconds}); zero for no limit
 * @param idle how long a driver may send no command while someone waits before losing the seat
 *             ({@code turns.idleSeconds}); zero for no limit
 */
public record TurnRules(Duration turn, Duration idle) {

    /** No limits: a driver keeps the seat until letting go, as in protocol version 1. */
    public static final TurnRules NONE = new TurnRules(Duration.ZERO, Duration.ZERO);

    /** Checks that neither is negative. */
    public TurnRules {
        if (turn.isNegative() || idle.isNegative()) {
            throw new IllegalArgumentException("turn lengths cannot be negative");
        }
    }
}
