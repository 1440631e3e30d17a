package dev.teledrive.server.control;

/** What a connection may do, from the token it proved (or, with access control off, from none). */
enum Role {
    /** Not authenticated yet: it may only {@code ping} and {@code auth}. */
    NONE,
    /** Watches: telemetry and state, never the seat. */
    SPECTATOR,
    /** May take the seat when it is free. */
    DRIVER,
    /** The owner: may also take the seat from another driver. */
    ADMIN;

    boolean mayDrive() {
        return this == DRIVER || this == ADMIN;
    }
}
