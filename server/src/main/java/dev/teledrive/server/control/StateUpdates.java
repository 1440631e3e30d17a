package dev.teledrive.server.control;

/** Tells connections what changed about the seat and the vehicles. */
interface StateUpdates {

    /** The seat changed hands: every connection hears the new state. */
    void seatChanged();

    /** One connection hears the state, for example once it has authenticated. */
    void sendState(ControlSession to);
}
