package dev.teledrive.plugins.simulator.camera;

import dev.teledrive.api.Configuration;

/**
 * A simulator camera's picture, read from the {@code simulator.camera.*} keys.
 *
 * @param width   pixels across
 * @param height  pixels down
 * @param fps     frames per second while someone watches
 * @param quality JPEG quality from 1 (smallest) to 100 (best)
 */
public record CameraSettings(int width, int height, int fps, int quality) {

    /** VGA at 30 frames a second, at a quality where the floor's lines stay crisp. */
    public static final CameraSettings DEFAULTS = new CameraSettings(640, 480, 30, 75);

    /** Checks every value, naming the key of the first bad one. */
    public CameraSettings {
        between("simulator.camera.width", width, 16, 3840);
        between("simulator.camera.height", height, 16, 2160);
        between("simulator.camera.fps", fps, 1, 60);
        between("simulator.camera.quality", quality, 1, 100);
    }

    /** Whether the cars have cameras: {@code simulator.camera.enabled}, true unless set. */
    public static boolean enabled(Configuration c) {
        return c.getBoolean("simulator.camera.enabled", true);
    }

    /** Reads the {@code simulator.camera.*} keys over the defaults. */
    public static CameraSettings from(Configuration c) {
        var d = DEFAULTS;
        return new CameraSettings(
                c.getInt("simulator.camera.width", d.width()),
                c.getInt("simulator.camera.height", d.height()),
                c.getInt("simulator.camera.fps", d.fps()),
                c.getInt("simulator.camera.quality", d.quality()));
    }

    private static void between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "configuration key '" + key + "' must be from " + min + " to " + max + ", but is " + value);
        }
    }
}
