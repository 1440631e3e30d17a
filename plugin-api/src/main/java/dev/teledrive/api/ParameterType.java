package dev.teledrive.api;

/** The JSON type a command parameter takes. */
public enum ParameterType {
    /** Any finite number; the value is a {@link Double}. */
    NUMBER,
    /** A whole number; the value is a {@link Long}. */
    INTEGER,
    /** {@code true} or {@code false}; the value is a {@link Boolean}. */
    BOOLEAN,
    /** Text; the value is a {@link String}. */
    STRING
}
