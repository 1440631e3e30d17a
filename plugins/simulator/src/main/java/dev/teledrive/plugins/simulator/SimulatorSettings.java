package dev.teledrive.plugins.simulator;

import dev.teledrive.api.Configuration;

/**
 * The simulator's tunables, read from the {@code simulator.*} configuration keys.
 *
 * @param arenaWidth     the arena's size along x, metres
 * @param arenaHeight    the arena's size along y, metres
 * @param maxSpeed       speed at level 15, m/s (a toy car of this size does about 1.5)
 * @param acceleration   how fast speed changes, m/s²; braking is twice as quick
 * @param turnRadius     the circle ahead-left/right follows, metres
 * @param telemetryHz    samples per second
 * @param defaultSpeed   the level for up/down/left/right without a {@code speed}
 * @param maxLevel       the highest level any command may reach
 */
public record SimulatorSettings(
        double arenaWidth,
        double arenaHeight,
        double maxSpeed,
        double acceleration,
        double turnRadius,
        int telemetryHz,
        int defaultSpeed,
        int maxLevel) {

    /** The defaults: a 4 m by 3 m arena and a quick but not instant car. */
    public static final SimulatorSettings DEFAULTS = new SimulatorSettings(4.0, 3.0, 1.5, 5.0, 0.5, 20, 12, 15);

    /** Checks every value, naming the key of the first bad one. */
    public SimulatorSettings {
        positive("simulator.arena.width", arenaWidth);
        positive("simulator.arena.height", arenaHeight);
        positive("simulator.maxSpeed", maxSpeed);
        positive("simulator.acceleration", acceleration);
        positive("simulator.turnRadius", turnRadius);
        between("simulator.telemetryHz", telemetryHz, 1, 100);
        between("simulator.maxLevel", maxLevel, 1, 15);
        between("simulator.defaultSpeed", defaultSpeed, 1, 15);
    }

    /** Reads the {@code simulator.*} keys over the defaults. */
    public static SimulatorSettings from(Configuration c) {
        var d = DEFAULTS;
        return new SimulatorSettings(
                c.getDouble("simulator.arena.width", d.arenaWidth()),
                c.getDouble("simulator.arena.height", d.arenaHeight()),
                c.getDouble("simulator.maxSpeed", d.maxSpeed()),
                c.getDouble("simulator.acceleration", d.acceleration()),
                c.getDouble("simulator.turnRadius", d.turnRadius()),
                c.getInt("simulator.telemetryHz", d.telemetryHz()),
                c.getInt("simulator.defaultSpeed", d.defaultSpeed()),
                c.getInt("simulator.maxLevel", d.maxLevel()));
    }

    private static void positive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be above 0, but is " + value);
        }
    }

    private static void between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "configuration key '" + key + "' must be from " + min + " to " + max + ", but is " + value);
        }
    }
}
