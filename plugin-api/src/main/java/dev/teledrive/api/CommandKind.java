package dev.teledrive.api;

/** How a command relates to motion, which tells the host how to keep the vehicle safe. */
public enum CommandKind {
    /** Stops all motion; never delayed, never rate-limited. */
    STOP,
    /** Moves for a duration (the seed's {@code up} with {@code duration}); the host stops it after. */
    TIMED,
    /** Moves until the next command (analog {@code drive}); the host's dead-man stops it if the driver goes quiet. */
    HELD,
    /** Does something without moving (a horn, a light); no stop follows. */
    ACTION
}
