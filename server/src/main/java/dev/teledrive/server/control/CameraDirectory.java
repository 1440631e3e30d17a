package dev.teledrive.server.control;

import java.util.List;

/**
 * The cameras of each vehicle, as {@code hello} and {@code state} show them beside it. The video
 * package answers; the protocol only words it.
 */
@FunctionalInterface
public interface CameraDirectory {

    /** A server without cameras. */
    CameraDirectory NONE = vehicleId -> List.of();

    /**
     * One camera as clients see it.
     *
     * @param id     the camera id
     * @param state  {@code idle}, {@code live} or {@code failed}
     * @param reason why it failed, or {@code null}
     */
    record Entry(String id, String state, String reason) {}

    /** The cameras bound to this vehicle, in a stable order. */
    List<Entry> camerasOf(String vehicleId);
}
