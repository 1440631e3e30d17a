package dev.teledrive.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One camera a {@link CameraProvider} offers, and the vehicle it belongs to.
 *
 * @param id      a stable id, 1 to 64 lower case letters, digits and dashes, starting with a letter
 *                or digit, unique across all plugins; clients watch the camera by it and it appears
 *                in URLs ({@code /video/ID.mjpg})
 * @param vehicle the id of the vehicle it shows; the vehicle may come from another plugin, or be
 *                missing, in which case the camera is offered with no vehicle to drive
 * @param name    a name for people, such as {@code "Front"}
 * @since 1.3.0
 */
public record CameraSpec(String id, String vehicle, String name) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Checks that both ids are usable in URLs, configuration keys and the protocol.
     *
     * @param id      the camera id
     * @param vehicle the vehicle's id
     * @param name    a name for people
     * @throws NullPointerException     if any argument is {@code null}
     * @throws IllegalArgumentException if an id does not have the form above
     */
    public CameraSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vehicle, "vehicle");
        Objects.requireNonNull(name, "name");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id
                    + "' must be 1 to 64 lower case letters, digits or dashes, starting with a letter or digit");
        }
        if (!ID.matcher(vehicle).matches()) {
            throw new IllegalArgumentException("camera '" + id + "' names vehicle '" + vehicle
                    + "', which is not a vehicle id: 1 to 64 lower case letters, digits or dashes");
        }
    }
}
