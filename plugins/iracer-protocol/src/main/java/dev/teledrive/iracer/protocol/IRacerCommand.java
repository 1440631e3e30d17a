package dev.teledrive.iracer.protocol;

/**
 * One i-Racer command byte: the direction in the high nibble, the speed 0 to 15 in the low one.
 * The car holds the last command it got, so a stop must always be sent explicitly.
 *
 * @param direction where to go
 * @param speed     0 (stand still) to 15 (fastest); below about 4 the real car barely moves
 */
public record IRacerCommand(Direction direction, int speed) {

    /** The highest speed level. */
    public static final int MAX_SPEED = 15;
    /** The stop byte, 0x00. */
    public static final IRacerCommand STOP = new IRacerCommand(Direction.STOP, 0);

    /** Checks the speed fits a nibble. */
    public IRacerCommand {
        if (direction == null) {
            throw new IllegalArgumentException("direction is required");
        }
        if (speed < 0 || speed > MAX_SPEED) {
            throw new IllegalArgumentException("speed must be from 0 to " + MAX_SPEED + ", not " + speed);
        }
    }

    /** The byte the car takes, 0 to 255. */
    public int encode() {
        return direction.code() << 4 | speed;
    }

    /** Reads a command byte exactly as the car does. */
    public static IRacerCommand decode(int b) {
        if (b < 0 || b > 0xFF) {
            throw new IllegalArgumentException("a command byte is 0 to 255, not " + b);
        }
        return new IRacerCommand(Direction.ofCode(b >> 4), b & 0xF);
    }

    /** Whether the car stands still under this command. */
    public boolean isStop() {
        return direction == Direction.STOP || speed == 0;
    }
}
