package dev.teledrive.server.config;

/**
 * A configuration key the host itself reads, with its default and a sentence for people.
 *
 * @param name         the key, such as {@code limits.frameBytes}
 * @param defaultValue the default as text, or {@code null} when unset means "off"
 * @param description  what it does, for {@code conf/teledrive.properties} and the docs
 */
public record ConfigKey(String name, String defaultValue, String description) {}
