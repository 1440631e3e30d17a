package dev.teledrive.server.vehicles;

/**
 * A vehicle as clients see it in {@code hello}, {@code state} and the REST API.
 *
 * @param id     the vehicle id
 * @param name   its name for people
 * @param plugin the plugin that provides it
 * @param state  its state
 * @param reason why it is not connected, or {@code null}
 */
public record VehicleStatus(String id, String name, String plugin, VehicleState state, String reason) {

    /** Whether it takes commands now. */
    public boolean connected() {
        return state == VehicleState.CONNECTED;
    }
}
