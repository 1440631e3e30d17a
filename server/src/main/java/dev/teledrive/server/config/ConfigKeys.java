package dev.teledrive.server.config;

import java.util.List;

/**
 * Every host configuration key. A key can be set on the command line ({@code --set KEY=VALUE}, or
 * its own option where one exists), as an environment variable ({@code TELEDRIVE_} and the key in
 * upper snake case: {@code limits.messagesPerSecond} is {@code TELEDRIVE_LIMITS_MESSAGES_PER_SECOND}),
 * or in the configuration file, in that order of precedence. Plugins read their own keys the same way.
 */
public final class ConfigKeys {

    public static final ConfigKey PORT = new ConfigKey("port", "8000",
            "TCP port for the page, the REST API and the WebSocket; 0 picks a free one.");
    public static final ConfigKey BIND = new ConfigKey("bind", "127.0.0.1",
            "Address to listen on; 0.0.0.0 listens on every interface.");
    public static final ConfigKey PLUGINS = new ConfigKey("plugins", null,
            "Folder of plugin jars and zips; default: the distribution's plugins/ folder.");
    public static final ConfigKey VEHICLE = new ConfigKey("vehicle", "simulator",
            "Vehicle selected at start.");
    public static final ConfigKey LEGACY_PORT = new ConfigKey("legacyPort", null,
            "Also serve the control endpoint at ws://HOST:PORT/ for the 2012 car.html; off when unset.");
    public static final ConfigKey DEADMAN_MILLIS = new ConfigKey("control.deadmanMillis", "500",
            "Stop a vehicle under analog drive when the driver sends nothing for this long.");
    public static final ConfigKey MAX_DURATION_SECONDS = new ConfigKey("control.maxDurationSeconds", "2",
            "Longest duration a timed command may ask for; longer ones are clamped.");
    public static final ConfigKey FRAME_BYTES = new ConfigKey("limits.frameBytes", "4096",
            "Largest WebSocket message accepted; a larger one closes the connection with 1009.");
    public static final ConfigKey MESSAGES_PER_SECOND = new ConfigKey("limits.messagesPerSecond", "60",
            "Sustained messages per second per connection before rate_limited; 0 turns the limit off. stop is never limited.");
    public static final ConfigKey BURST = new ConfigKey("limits.burst", "120",
            "Messages a connection may send at once above the sustained rate.");
    public static final ConfigKey DRIVER_TOKEN = new ConfigKey("auth.driverToken", null,
            "Token a connection must present with auth before it may drive; access control is off when unset.");
    public static final ConfigKey SPECTATOR_TOKEN = new ConfigKey("auth.spectatorToken", null,
            "Token for watching only; when unset and a driver token is set, only driver-token holders connect.");

    /** Every host key, in the order the documentation lists them. */
    public static final List<ConfigKey> ALL = List.of(PORT, BIND, PLUGINS, VEHICLE, LEGACY_PORT,
            DEADMAN_MILLIS, MAX_DURATION_SECONDS, FRAME_BYTES, MESSAGES_PER_SECOND, BURST,
            DRIVER_TOKEN, SPECTATOR_TOKEN);

    private ConfigKeys() {
    }
}
