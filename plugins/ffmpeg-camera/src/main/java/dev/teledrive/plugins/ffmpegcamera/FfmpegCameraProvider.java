package dev.teledrive.plugins.ffmpegcamera;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Real cameras through ffmpeg: one camera per name in {@code cameras}, each configured by
 * {@code camera.NAME.input} (ffmpeg's input arguments) and {@code camera.NAME.vehicle}.
 *
 * <p>The list and the vehicles are checked when the plugin loads, since they make the cameras'
 * ids; the rest of a camera's keys when it is opened, so one camera's typo fails only that camera,
 * with the key named.
 */
@Extension
public final class FfmpegCameraProvider implements CameraProvider {

    /**
     * How long ffmpeg may go without a frame before it is restarted: longer than an RTSP camera
     * takes to connect and send its first key frame, short enough that a silent camera is noticed.
     */
    static final Duration STALL = Duration.ofSeconds(10);

    private final Backoff backoff;
    private final Duration stall;

    /** The provider PF4J creates: restarts after half a second, doubling to thirty. */
    public FfmpegCameraProvider() {
        this(Backoff.STANDARD, STALL);
    }

    /** For tests: other pauses between restarts, and another patience with a silent ffmpeg. */
    FfmpegCameraProvider(Backoff backoff, Duration stall) {
        this.backoff = backoff;
        this.stall = stall;
    }

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        List<CameraSpec> specs = new ArrayList<>();
        for (String name : names(configuration)) {
            String vehicleKey = "camera." + name + ".vehicle";
            String vehicle = configuration
                    .get(vehicleKey)
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException("configuration key '" + vehicleKey
                            + "' is missing: set it to the id of the vehicle camera '" + name + "' shows"));
            try {
                specs.add(new CameraSpec(name, vehicle, name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (configuration key '" + vehicleKey + "')", e);
            }
        }
        return List.copyOf(specs);
    }

    @Override
    public Camera open(CameraContext context) throws CameraException {
        try {
            return new FfmpegCamera(
                    context, CameraSettings.read(context.configuration(), context.cameraId()), backoff, stall);
        } catch (IllegalArgumentException e) {
            throw new CameraException(e.getMessage(), e);
        }
    }

    private static Set<String> names(Configuration configuration) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : Arrays.asList(configuration.get("cameras", "").split(","))) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                new CameraSpec(name, name, name); // checks the name as a camera id
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key 'cameras': " + e.getMessage(), e);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("configuration key 'cameras' lists '" + name + "' twice");
            }
        }
        return names;
    }
}
