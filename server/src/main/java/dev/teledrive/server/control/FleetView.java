package dev.teledrive.server.control;

import dev.teledrive.api.Vocabulary;
import dev.teledrive.server.vehicles.VehicleStatus;
import java.util.List;

/**
 * What a connection is shown of the fleet at one moment: every vehicle with its seat, and the
 * vocabulary of the vehicle it watches.
 *
 * @param vehicles   every vehicle, in listing order
 * @param vocabulary the watched vehicle's vocabulary, or {@code null}
 * @param cameras    each vehicle's cameras, shown beside it
 */
record FleetView(List<Entry> vehicles, Vocabulary vocabulary, CameraDirectory cameras) {

    /**
     * One vehicle in the list.
     *
     * @param status its link
     * @param driven whether someone drives it
     * @param queue  how many wait for it
     */
    record Entry(VehicleStatus status, boolean driven, int queue) {}
}
