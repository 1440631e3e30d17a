package dev.teledrive.server.vehicles;

import dev.teledrive.api.ConnectionState;
import java.util.Locale;

/**
 * A vehicle's state as clients see it ({@code state} of each vehicle in {@code hello}, {@code state}
 * and {@code /api/vehicles}): the plugin's {@link ConnectionState} plus the host's own
 * {@link #IDLE}, for a vehicle that nobody has opened yet.
 */
public enum VehicleState {
    /** Ready, not opened yet: the first {@code select} opens and connects it. */
    IDLE,
    /** Its {@code connect()} runs (within {@code vehicles.connectSeconds}), or its plugin reconnects. */
    CONNECTING,
    /** Takes commands. */
    CONNECTED,
    /** Its link was lost, as its plugin reported; selecting it connects it again. */
    DISCONNECTED,
    /** Not usable, for the reason shown beside it; selecting it tries again. */
    FAILED;

    /** The state for what a plugin reported of its link. */
    static VehicleState of(ConnectionState reported) {
        return switch (reported) {
            case DISCONNECTED -> DISCONNECTED;
            case CONNECTING -> CONNECTING;
            case CONNECTED -> CONNECTED;
            case FAILED -> FAILED;
        };
    }

    /** The word on the wire: {@code idle}, {@code connecting}, {@code connected}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
