package dev.teledrive.plugins.donkeycar;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.plugins.donkeycar.link.DriveMessage;

/**
 * Turns the standard vocabulary into Donkeycar's angle and throttle. The page's throttle is scaled
 * by {@code maxThrottle}, so the whole joystick range stays usable on a fast car; steering is passed
 * as it is. A car-like Donkeycar cannot turn on the spot, so {@code left} and {@code right} turn
 * while moving ahead, at the speed's throttle.
 */
final class DriveCommands {

    /**
     * The standard commands without {@code raw}, which has no meaning for a Donkeycar, and
     * {@code record}, which turns the car's recording of training data on or off.
     */
    static final Vocabulary VOCABULARY = new Vocabulary(StandardVocabulary.motion(0).commands().stream()
                    .filter(c -> !c.name().equals("raw"))
                    .toList())
            .plus(CommandSpec.of("record", "Record", CommandKind.ACTION, ParameterSpec.bool("on", "Record")));

    private final double maxThrottle;
    private final int defaultSpeed;

    DriveCommands(double maxThrottle, int defaultSpeed) {
        this.maxThrottle = maxThrottle;
        this.defaultSpeed = defaultSpeed;
    }

    /**
     * The message for a motion command; {@code record} is not one (it changes only the recording).
     *
     * @param recording whether the car records now
     * @throws IllegalArgumentException for a command outside the vocabulary
     */
    DriveMessage translate(Command command, boolean recording) {
        return switch (command.name()) {
            case "drive" ->
                new DriveMessage(command.number("steer"), command.number("throttle") * maxThrottle, recording);
            case "up" -> new DriveMessage(0, level(command), recording);
            case "down" -> new DriveMessage(0, -level(command), recording);
            case "left" -> new DriveMessage(-1, level(command), recording);
            case "right" -> new DriveMessage(1, level(command), recording);
            case "stop" -> DriveMessage.stop(recording);
            default -> throw new IllegalArgumentException("the Donkeycar has no command '" + command.name() + "'");
        };
    }

    private double level(Command command) {
        long speed = command.optionalInteger("speed").orElse((long) defaultSpeed);
        return maxThrottle * speed / StandardVocabulary.MAX_SPEED;
    }
}
