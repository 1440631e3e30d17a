package dev.teledrive.iracer.protocol;

/**
 * Maps an analog joystick (throttle and steer from -1 to 1, forward and right positive) to the
 * nearest of the car's nine commands. The stick's angle picks the direction in 45° sectors; the
 * throttle's size picks the speed (the steer's size when turning on the spot).
 */
public final class DriveMapping {

    /** A stick this close to the centre means stop: thumbs never rest exactly at zero. */
    public static final double DEFAULT_DEAD_ZONE = 0.15;

    private final int maxSpeed;
    private final double deadZone;

    /**
     * @param maxSpeed the speed level a full stick gives, 1 to 15
     * @param deadZone how far from the centre the stick must be to move, 0 to below 1
     */
    public DriveMapping(int maxSpeed, double deadZone) {
        if (maxSpeed < 1 || maxSpeed > IRacerCommand.MAX_SPEED) {
            throw new IllegalArgumentException("maximum speed must be from 1 to 15, not " + maxSpeed);
        }
        if (!(deadZone >= 0 && deadZone < 1)) {
            throw new IllegalArgumentException("dead zone must be from 0 to below 1, not " + deadZone);
        }
        this.maxSpeed = maxSpeed;
        this.deadZone = deadZone;
    }

    /** The full range with the default dead zone. */
    public DriveMapping() {
        this(IRacerCommand.MAX_SPEED, DEFAULT_DEAD_ZONE);
    }

    /** The command nearest to the stick position. */
    public IRacerCommand map(double throttle, double steer) {
        double t = clamp(throttle);
        double s = clamp(steer);
        if (Math.hypot(t, s) < deadZone) {
            return IRacerCommand.STOP;
        }
        // Angle from straight ahead, clockwise (towards steer), in sectors of 45° around the axes.
        double degrees = Math.toDegrees(Math.atan2(s, t));
        int sector = Math.floorMod(Math.round(degrees / 45.0), 8);
        Direction direction = switch (sector) {
            case 0 -> Direction.AHEAD;
            case 1 -> Direction.AHEAD_RIGHT;
            case 2 -> Direction.RIGHT;
            case 3 -> Direction.REVERSE_RIGHT;
            case 4 -> Direction.REVERSE;
            case 5 -> Direction.REVERSE_LEFT;
            case 6 -> Direction.LEFT;
            default -> Direction.AHEAD_LEFT;
        };
        double amount = direction.throttle() == 0 ? Math.abs(s) : Math.abs(t);
        return new IRacerCommand(direction, level(amount));
    }

    /** The speed level for a stick amount: 1 just past the dead zone, {@code maxSpeed} at full. */
    private int level(double amount) {
        double span = (Math.min(1, amount) - deadZone) / (1 - deadZone);
        return Math.max(1, Math.min(maxSpeed, (int) Math.ceil(Math.max(0, span) * maxSpeed)));
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
    }
}
