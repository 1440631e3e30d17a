package dev.teledrive.iracer.protocol;

/**
 * The i-Racer's directions: the high nibble of its command byte.
 *
 * <p>The codes follow a public Python driver for the car (0x0 stop, 0x1 ahead, 0x2 reverse,
 * 0x5/0x6 ahead-left/right, 0x7/0x8 reverse-left/right). 0x3 and 0x4, left and right on the spot,
 * are the commonly documented codes for the same firmware; the car has no other direction.
 */
public enum Direction {
    STOP(0x0, 0, 0),
    AHEAD(0x1, 1, 0),
    REVERSE(0x2, -1, 0),
    LEFT(0x3, 0, -1),
    RIGHT(0x4, 0, 1),
    AHEAD_LEFT(0x5, 1, -1),
    AHEAD_RIGHT(0x6, 1, 1),
    REVERSE_LEFT(0x7, -1, -1),
    REVERSE_RIGHT(0x8, -1, 1);

    private static final Direction[] BY_CODE = new Direction[16];

    static {
        for (Direction d : values()) {
            BY_CODE[d.code] = d;
        }
    }

    private final int code;
    private final int throttle;
    private final int turn;

    Direction(int code, int throttle, int turn) {
        this.code = code;
        this.throttle = throttle;
        this.turn = turn;
    }

    /** The high nibble, 0x0 to 0x8. */
    public int code() {
        return code;
    }

    /** +1 ahead, -1 reverse, 0 neither. */
    public int throttle() {
        return throttle;
    }

    /** +1 right, -1 left, 0 straight. */
    public int turn() {
        return turn;
    }

    /**
     * The direction for a high nibble. Codes 0x9 to 0xF mean nothing to the car; they read as
     * {@link #STOP}, the only safe reading of a code we cannot know.
     */
    public static Direction ofCode(int nibble) {
        if (nibble < 0 || nibble > 0xF) {
            throw new IllegalArgumentException("a direction code is a nibble, 0 to 15, not " + nibble);
        }
        Direction d = BY_CODE[nibble];
        return d == null ? STOP : d;
    }
}
