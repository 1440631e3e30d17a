package dev.teledrive.server.config;

/** The configuration cannot be used; the message says what is wrong and how to fix it. */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
