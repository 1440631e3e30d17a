package dev.teledrive.plugins.simulator;

import dev.teledrive.iracer.protocol.Direction;
import dev.teledrive.iracer.protocol.IRacerCommand;

/**
 * A toy car in a walled arena, stepped by whatever time the caller says has passed: no threads
 * and no clock, so a test can check any manoeuvre exactly.
 *
 * <p>Coordinates are metres with the origin at the arena's bottom-left corner and y up; heading
 * is radians from +x, counter-clockwise positive, in (-π, π]; speed is signed (negative in
 * reverse). A car alone starts in the centre facing +y; in a shared {@link Arena} it starts where
 * the arena says and its {@link Track} keeps it out of the other cars.
 */
public final class CarPhysics {

    /** How close the car's centre may come to a wall: half a toy car's length. */
    static final double HALF_LENGTH = 0.08;
    /** Longest single integration step, so a long pause cannot tunnel through a wall. */
    private static final double MAX_STEP = 0.01;
    /** Below this level the real car's motor barely overcomes friction. */
    private static final int STICTION_LEVEL = 4;

    private static final double STICTION_FACTOR = 0.25;

    private final SimulatorSettings settings;
    private final Track track;
    private double x;
    private double y;
    private double heading;
    private double speed;
    private double yawRate;
    private boolean atWall;
    private boolean bumped;
    private IRacerCommand command = IRacerCommand.STOP;

    /** A car alone in the middle of its arena, facing +y. */
    public CarPhysics(SimulatorSettings settings) {
        this(settings, settings.arenaWidth() / 2, settings.arenaHeight() / 2, Math.PI / 2, Track.EMPTY);
    }

    /** A car standing at ({@code x}, {@code y}) facing {@code heading}, kept out of other cars by the track. */
    public CarPhysics(SimulatorSettings settings, double x, double y, double heading, Track track) {
        this.settings = settings;
        this.track = track;
        this.x = x;
        this.y = y;
        this.heading = heading;
    }

    /** What the motor and steering are told to do from now on. */
    public void command(IRacerCommand next) {
        this.command = next;
    }

    /** Advances time by {@code seconds}. */
    public void step(double seconds) {
        double left = Math.max(0, seconds);
        while (left > 1e-12) {
            double dt = Math.min(MAX_STEP, left);
            integrate(dt);
            left -= dt;
        }
    }

    private void integrate(double dt) {
        double target = command.direction().throttle() * levelSpeed(command.speed());
        double rate = Math.abs(target) < Math.abs(speed) || Math.signum(target) != Math.signum(speed)
                ? settings.acceleration() * 2
                : settings.acceleration();
        speed = approach(speed, target, rate * dt);

        int turn = command.direction().turn();
        if (command.direction().throttle() == 0) {
            // Turning on the spot: the yaw rate follows the level as the speed would.
            double targetYaw = -turn * levelSpeed(command.speed()) / settings.turnRadius();
            yawRate = approach(yawRate, targetYaw, settings.acceleration() / settings.turnRadius() * 2 * dt);
        } else {
            // On a circle of the turning radius: right turns clockwise going ahead.
            yawRate = -turn * speed / settings.turnRadius();
        }
        heading = normalise(heading + yawRate * dt);

        double nx = x + speed * Math.cos(heading) * dt;
        double ny = y + speed * Math.sin(heading) * dt;
        double cx = clamp(nx, HALF_LENGTH, settings.arenaWidth() - HALF_LENGTH);
        double cy = clamp(ny, HALF_LENGTH, settings.arenaHeight() - HALF_LENGTH);
        boolean hit = cx != nx || cy != ny;
        boolean bump = (cx != x || cy != y) && !track.tryMove(cx, cy);
        if (!bump) {
            x = cx;
            y = cy;
        } else {
            creepTowards(cx, cy);
        }
        if (hit || bump) {
            speed = 0;
            if (command.direction().throttle() != 0) {
                yawRate = 0;
            }
        }
        atWall = hit || (atWall && speed == 0); // until it moves away
        bumped = bump || (bumped && speed == 0);
    }

    /** Halves the way to a blocked position a few times, so a car stops touching the other rather than short of it. */
    private void creepTowards(double tx, double ty) {
        double ox = x;
        double oy = y;
        double from = 0;
        double to = 1;
        for (int i = 0; i < 6; i++) {
            double mid = (from + to) / 2;
            double mx = ox + (tx - ox) * mid;
            double my = oy + (ty - oy) * mid;
            if (track.tryMove(mx, my)) {
                from = mid;
                x = mx;
                y = my;
            } else {
                to = mid;
            }
        }
    }

    /** The top speed a level gives, with the low levels' stiction. */
    double levelSpeed(int level) {
        double s = settings.maxSpeed() * level / IRacerCommand.MAX_SPEED;
        return level < STICTION_LEVEL ? s * STICTION_FACTOR : s;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public double heading() {
        return heading;
    }

    public double speed() {
        return speed;
    }

    /** Whether the car is pressed against a wall and stopped there. */
    public boolean atWall() {
        return atWall;
    }

    /** Whether the car is pressed against another car and stopped there. */
    public boolean bumped() {
        return bumped;
    }

    public IRacerCommand command() {
        return command;
    }

    /** The direction being driven. */
    public Direction direction() {
        return command.isStop() ? Direction.STOP : command.direction();
    }

    private static double approach(double value, double target, double maxChange) {
        if (value < target) {
            return Math.min(target, value + maxChange);
        }
        return Math.max(target, value - maxChange);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double normalise(double angle) {
        double a = Math.IEEEremainder(angle, 2 * Math.PI);
        return a == -Math.PI ? Math.PI : a;
    }
}
