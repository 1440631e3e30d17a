package dev.teledrive.api;

/**
 * The driving vocabulary of the 2012 i-Racer client, which every car-like plugin should offer so
 * that a driver can switch vehicles without relearning anything:
 * {@code up}, {@code down}, {@code left}, {@code right} (timed, optional {@code speed}),
 * {@code stop}, {@code raw} (a vehicle-specific byte in {@code data}) and the analog
 * {@code drive} ({@code throttle} and {@code steer} from -1 to 1, forward and right positive).
 */
public final class StandardVocabulary {

    /** The highest speed level of the i-Racer's byte protocol (a nibble). */
    public static final int MAX_SPEED = 15;

    private StandardVocabulary() {}

    /**
     * The standard commands. {@code up}, {@code down}, {@code left}, {@code right} and {@code raw}
     * are {@link CommandKind#TIMED}, {@code drive} is {@link CommandKind#HELD} and {@code stop} is
     * {@link CommandKind#STOP}. The optional {@code speed} (1 to {@link #MAX_SPEED}) has no default:
     * when a message leaves it out, the vehicle picks its own speed.
     *
     * @param rawMax the largest value {@code raw}'s {@code data} takes, such as 255 for a command
     *               byte; 0 or more
     * @return a new vocabulary; add commands of your own with {@link Vocabulary#plus(CommandSpec...)}
     * @throws IllegalArgumentException if {@code rawMax} is negative
     */
    public static Vocabulary motion(int rawMax) {
        ParameterSpec speed =
                ParameterSpec.integer("speed", "Speed", 1, MAX_SPEED).optional(null);
        return Vocabulary.of(
                CommandSpec.of("up", "Forward", CommandKind.TIMED, speed).withKey("ArrowUp"),
                CommandSpec.of("down", "Reverse", CommandKind.TIMED, speed).withKey("ArrowDown"),
                CommandSpec.of("left", "Left", CommandKind.TIMED, speed).withKey("ArrowLeft"),
                CommandSpec.of("right", "Right", CommandKind.TIMED, speed).withKey("ArrowRight"),
                CommandSpec.of("stop", "Stop", CommandKind.STOP).withKey(" "),
                CommandSpec.of("raw", "Raw", CommandKind.TIMED, ParameterSpec.integer("data", "Byte", 0, rawMax)),
                CommandSpec.of(
                        "drive",
                        "Drive",
                        CommandKind.HELD,
                        ParameterSpec.number("throttle", "Throttle", -1, 1),
                        ParameterSpec.number("steer", "Steer", -1, 1)));
    }
}
