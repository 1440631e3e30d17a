package dev.teledrive.iracer.protocol;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;

/**
 * Turns the standard vocabulary ({@link StandardVocabulary}) into the car's command bytes. The
 * simulator and the real car share it, so the same command does the same thing on both.
 */
public final class CommandTranslator {

    private final int defaultSpeed;
    private final int maxSpeed;
    private final DriveMapping mapping;

    /**
     * @param defaultSpeed the level for up/down/left/right without a {@code speed}, 1 to 15
     * @param maxSpeed     the highest level any command reaches, raw bytes included, 1 to 15
     */
    public CommandTranslator(int defaultSpeed, int maxSpeed) {
        if (defaultSpeed < 1 || defaultSpeed > IRacerCommand.MAX_SPEED) {
            throw new IllegalArgumentException("default speed must be from 1 to 15, not " + defaultSpeed);
        }
        this.mapping = new DriveMapping(maxSpeed, DriveMapping.DEFAULT_DEAD_ZONE);
        this.defaultSpeed = defaultSpeed;
        this.maxSpeed = maxSpeed;
    }

    /**
     * The car command for a vocabulary command.
     *
     * @throws IllegalArgumentException for a command outside the standard vocabulary
     */
    public IRacerCommand translate(Command command) {
        return switch (command.name()) {
            case "up" -> named(Direction.AHEAD, command);
            case "down" -> named(Direction.REVERSE, command);
            case "left" -> named(Direction.LEFT, command);
            case "right" -> named(Direction.RIGHT, command);
            case "raw" -> capped(IRacerCommand.decode((int) command.integer("data")));
            case "drive" -> mapping.map(command.number("throttle"), command.number("steer"));
            case "stop" -> IRacerCommand.STOP;
            default -> throw new IllegalArgumentException("the i-Racer has no command '" + command.name() + "'");
        };
    }

    private IRacerCommand named(Direction direction, Command command) {
        long level = command.optionalInteger("speed").orElse((long) defaultSpeed);
        return new IRacerCommand(direction, (int) Math.min(level, maxSpeed));
    }

    private IRacerCommand capped(IRacerCommand c) {
        return c.speed() <= maxSpeed ? c : new IRacerCommand(c.direction(), maxSpeed);
    }
}
