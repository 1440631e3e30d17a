package dev.teledrive.server.vehicles;

import dev.teledrive.api.ConnectionState;

/**
 * What clients are shown of one vehicle, from three sources that rank in this order: a safety stop
 * that failed (the vehicle may still be moving, so it stays failed until a stop succeeds, whatever
 * its plugin reports), a fault the host found (a plugin call threw or hung; cleared by the next
 * connect), and the link itself (idle until first opened, then what {@code connect()} and the
 * plugin's own reports say). Any thread may update it.
 */
final class VehicleCondition {

    private final String vehicleId;
    /** Run, under the lock, each time the link fails or a fault is found. */
    private final Runnable onFailed;
    /** Told after each change, outside the lock. */
    private final Runnable onChange;

    private final VehicleStatus identity;

    // Guarded by this.
    private VehicleState link = VehicleState.IDLE;
    private String linkReason;
    private String fault;
    private String unstopped;
    private VehicleStatus shown;

    /**
     * @param onFailed run each time the link fails or a fault is found, before anyone can see it; not
     *                 for a failed stop alone, as the plugin's own tasks may be what gets it through
     * @param onChange told after every change of what is shown, on the thread that made it
     */
    VehicleCondition(String vehicleId, String name, String pluginId, Runnable onFailed, Runnable onChange) {
        this.vehicleId = vehicleId;
        this.onFailed = onFailed;
        this.onChange = onChange;
        this.identity = new VehicleStatus(vehicleId, name, pluginId, VehicleState.IDLE, null);
        this.shown = identity;
    }

    /** The status clients see now. */
    synchronized VehicleStatus status() {
        return shown;
    }

    /** The host starts {@code connect()}: an earlier fault no longer stands. */
    void connecting() {
        update(() -> {
            link = VehicleState.CONNECTING;
            linkReason = null;
            fault = null;
        });
    }

    /** {@code connect()} returned in time. */
    void connected() {
        link(VehicleState.CONNECTED, null);
    }

    /** The link could not be made, or {@code close()} ended it. */
    void link(VehicleState state, String reason) {
        update(() -> {
            link = state;
            linkReason = reason;
        });
    }

    /** What the plugin reported of its link. */
    void reported(ConnectionState state, String reason) {
        link(VehicleState.of(state), reason);
    }

    /** A plugin call failed or hung: failed until the next connect. */
    void fault(String reason) {
        update(() -> fault = reason);
    }

    /** A safety stop failed: failed until a stop succeeds. */
    void stopFailed(String reason) {
        update(() -> unstopped = reason);
    }

    /** A safety stop succeeded: whatever else stands is shown again. */
    void stopped() {
        synchronized (this) {
            if (unstopped == null) {
                return; // the usual case, on every stop: no change to tell
            }
        }
        update(() -> unstopped = null);
    }

    /** Whether a safety stop is owed: the last one failed. */
    synchronized boolean stopOwed() {
        return unstopped != null;
    }

    /** Why a command cannot run now, or {@code null} when the vehicle takes commands. */
    synchronized String refusal() {
        return switch (shown.state()) {
            case CONNECTED -> null;
            case IDLE -> "vehicle '" + vehicleId + "' is not connected yet: select it, and it connects";
            case CONNECTING ->
                "vehicle '" + vehicleId + "' is still connecting: nothing sent to it runs until"
                        + " its state says connected";
            default ->
                "vehicle '" + vehicleId + "' is not connected: "
                        + (shown.reason() != null
                                ? shown.reason()
                                : "it is " + shown.state().wire());
        };
    }

    private void update(Runnable change) {
        synchronized (this) {
            boolean wasBroken = broken();
            change.run();
            if (broken() && !wasBroken) {
                onFailed.run();
            }
            VehicleStatus next = compose();
            if (next.equals(shown)) {
                return;
            }
            shown = next;
        }
        onChange.run();
    }

    private boolean broken() {
        return fault != null || link == VehicleState.FAILED;
    }

    private VehicleStatus compose() {
        if (unstopped != null) {
            return with(VehicleState.FAILED, unstopped);
        }
        if (fault != null) {
            return with(VehicleState.FAILED, fault);
        }
        return with(link, linkReason);
    }

    private VehicleStatus with(VehicleState state, String reason) {
        return new VehicleStatus(identity.id(), identity.name(), identity.plugin(), state, reason);
    }
}
