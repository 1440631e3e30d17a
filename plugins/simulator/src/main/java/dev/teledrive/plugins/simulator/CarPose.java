package dev.teledrive.plugins.simulator;

/**
 * Where one car is at one moment, as its vehicle thread last published it: immutable, so any
 * thread (another car's, a camera's) reads it without locks.
 *
 * @param vehicle  the car's vehicle id
 * @param x        metres from the arena's left wall
 * @param y        metres from the arena's bottom wall
 * @param heading  radians from +x, counter-clockwise
 * @param speed    m/s, negative in reverse
 * @param atMillis the clock's time of the pose, epoch ms; 0 for a car that has not moved yet
 */
public record CarPose(String vehicle, double x, double y, double heading, double speed, long atMillis) {

    /** Where the car would be {@code millis} later at its speed, so a viewer between ticks sees it move smoothly. */
    public CarPose ahead(long millis) {
        if (millis <= 0 || speed == 0) {
            return this;
        }
        double dt = millis / 1000.0;
        return new CarPose(
                vehicle,
                x + speed * Math.cos(heading) * dt,
                y + speed * Math.sin(heading) * dt,
                heading,
                speed,
                atMillis + millis);
    }
}
