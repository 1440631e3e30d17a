package dev.teledrive.plugins.donkeycar.link;

/**
 * What Donkeycar's web controller takes on {@code /wsDrive}: it keeps {@code angle} and
 * {@code throttle} until the next message, so a stop is a message too. {@code drive_mode} is always
 * {@code "user"}: the driver on the page steers, not the car's autopilot.
 *
 * @param angle     steering from -1 (full left) to 1 (full right)
 * @param throttle  from -1 (full reverse) to 1 (full ahead)
 * @param recording whether the car records training data (its tub) while driven
 */
public record DriveMessage(double angle, double throttle, boolean recording) {

    public DriveMessage {
        if (!(angle >= -1 && angle <= 1) || !(throttle >= -1 && throttle <= 1)) {
            throw new IllegalArgumentException(
                    "angle and throttle must be from -1 to 1, not " + angle + ", " + throttle);
        }
    }

    /** Straight ahead and no throttle: what the car gets first on every connection and on every stop. */
    public static DriveMessage stop(boolean recording) {
        return new DriveMessage(0, 0, recording);
    }

    public boolean isStop() {
        return angle == 0 && throttle == 0;
    }

    public DriveMessage withRecording(boolean on) {
        return new DriveMessage(angle, throttle, on);
    }

    /** The JSON text, as Donkeycar's own page sends it: numbers, the mode as a string, a boolean. */
    public String toJson() {
        return "{\"angle\":" + number(angle) + ",\"throttle\":" + number(throttle)
                + ",\"drive_mode\":\"user\",\"recording\":" + recording + "}";
    }

    private static String number(double d) {
        // -0.0 would read as "-0.0": valid JSON, but a stop should look like one in the car's log.
        return d == 0 ? "0.0" : Double.toString(d);
    }
}
