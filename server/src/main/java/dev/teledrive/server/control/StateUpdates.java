package dev.teledrive.server.control;

/** Tells connections what changed about a vehicle's seat and queue. */
interface StateUpdates {

    /**
     * A vehicle's seat or queue changed: every connection watching it hears its new state, and the
     * vehicle's turn timer is set again.
     */
    void seatChanged(String vehicleId);

    /** One connection hears its state, for example once it has authenticated or selected. */
    void sendState(ControlSession to);
}
