package dev.teledrive.server.config;

import java.util.List;

/**
 * Every host configuration key. A key can be set on the command line ({@code --set KEY=VALUE}, or
 * its own option where one exists), as an environment variable ({@code TELEDRIVE_} and the key in
 * upper snake case: {@code limits.messagesPerSecond} is {@code TELEDRIVE_LIMITS_MESSAGES_PER_SECOND}),
 * or in the configuration file, in that order of precedence. Plugins read their own keys the same way.
 */
public final class ConfigKeys {

    public static final ConfigKey PORT =
            new ConfigKey("port", "8000", "TCP port for the page, the REST API and the WebSocket; 0 picks a free one.");
    public static final ConfigKey BIND =
            new ConfigKey("bind", "127.0.0.1", "Address to listen on; 0.0.0.0 listens on every interface.");
    public static final ConfigKey PLUGINS = new ConfigKey(
            "plugins", null, "Folder of plugin jars and zips; default: the distribution's plugins/ folder.");
    public static final ConfigKey PLUGINS_WATCH = new ConfigKey(
            "plugins.watch",
            "true",
            "Watch the plugins folder: a jar dropped in loads, a jar removed unloads, a jar replaced "
                    + "reloads, all without a restart.");
    public static final ConfigKey VEHICLE = new ConfigKey("vehicle", "simulator", "Vehicle selected at start.");
    public static final ConfigKey LEGACY_PORT = new ConfigKey(
            "legacyPort",
            null,
            "Also serve the control endpoint at ws://HOST:PORT/ for the 2012 car.html; off when unset.");
    public static final ConfigKey DEADMAN_MILLIS = new ConfigKey(
            "control.deadmanMillis",
            "500",
            "Stop a vehicle under analog drive when the driver sends nothing for this long.");
    public static final ConfigKey MAX_DURATION_SECONDS = new ConfigKey(
            "control.maxDurationSeconds",
            "2",
            "Longest duration a timed command may ask for; longer ones are clamped.");
    public static final ConfigKey COMMAND_TIMEOUT_MILLIS = new ConfigKey(
            "control.commandTimeoutMillis",
            "2000",
            "A vehicle that takes longer than this to accept a command is reported as not responding and "
                    + "marked failed.");
    public static final ConfigKey CONNECT_SECONDS = new ConfigKey(
            "vehicles.connectSeconds",
            "10",
            "A vehicle that takes longer than this to connect is marked failed with that reason; meanwhile it "
                    + "shows connecting and refuses commands at once.");
    public static final ConfigKey TURN_SECONDS = new ConfigKey(
            "turns.seconds",
            "120",
            "While someone waits for a vehicle, its driver's turn ends after this long and they go to the back "
                    + "of the queue; 0: no limit.");
    public static final ConfigKey TURN_IDLE_SECONDS = new ConfigKey(
            "turns.idleSeconds",
            "30",
            "While someone waits for a vehicle, a driver who sends no command that can move it (drive, raw, a "
                    + "timed or motion command; not ping or stop) for this long loses the seat; 0: no limit.");
    public static final ConfigKey TURN_PLACES_PER_ADDRESS = new ConfigKey(
            "turns.placesPerAddress",
            "3",
            "Most places one client address holds in one vehicle's queue; a claim beyond them answers "
                    + "rate_limited. 0: no limit.");
    public static final ConfigKey TURN_GRACE_SECONDS = new ConfigKey(
            "turns.graceSeconds",
            "10",
            "A dropped connection's seat or queue place is held this long for its resume token (the vehicle "
                    + "stops at once all the same); 0: no holding.");
    public static final ConfigKey FRAME_BYTES = new ConfigKey(
            "limits.frameBytes",
            "4096",
            "Largest WebSocket message accepted; a larger one closes the connection with 1009.");
    public static final ConfigKey MESSAGES_PER_SECOND = new ConfigKey(
            "limits.messagesPerSecond",
            "60",
            "Sustained messages per second per connection before rate_limited; 0 turns the limit off. stop "
                    + "is never limited.");
    public static final ConfigKey BURST =
            new ConfigKey("limits.burst", "120", "Messages a connection may send at once above the sustained rate.");
    public static final ConfigKey CONNECTIONS = new ConfigKey(
            "limits.connections",
            "1000",
            "Most WebSocket connections at once; more are refused with HTTP 503. 0: no cap.");
    public static final ConfigKey CONNECTIONS_PER_ADDRESS = new ConfigKey(
            "limits.connectionsPerAddress",
            "20",
            "Most WebSocket connections from one client address; more are refused with HTTP 429. 0: no cap.");
    public static final ConfigKey IDLE_SECONDS = new ConfigKey(
            "limits.idleSeconds", "300", "Close a WebSocket connection that has been silent both ways for this long.");
    public static final ConfigKey SOCKETS = new ConfigKey(
            "limits.sockets",
            "4096",
            "Most TCP connections at once over every port (page, API, WebSocket); more are closed at once. "
                    + "Kept below the"
                    + " process's file descriptor limit. 0: no cap.");
    public static final ConfigKey SOCKETS_PER_ADDRESS = new ConfigKey(
            "limits.socketsPerAddress",
            "64",
            "Most TCP connections from one client address; more are closed at once. Not applied behind a "
                    + "proxy. 0: no cap.");
    public static final ConfigKey REQUEST_HEADER_SECONDS = new ConfigKey(
            "limits.requestHeaderSeconds",
            "10",
            "An HTTP request must deliver its headers within this long (checked every half of it), else its connection"
                    + " is closed; 0: no deadline.");
    public static final ConfigKey HTTP_IDLE_SECONDS = new ConfigKey(
            "limits.httpIdleSeconds",
            "30",
            "Close an HTTP (not WebSocket) connection that rests this long between requests.");
    public static final ConfigKey DRIVER_TOKEN = new ConfigKey(
            "driverToken",
            null,
            "Token a connection must present with auth before it may drive (env TELEDRIVE_DRIVER_TOKEN); "
                    + "access control is off when unset.");
    public static final ConfigKey DRIVER_TOKEN_FILE = new ConfigKey(
            "driverTokenFile", null, "A file holding the driver token, for secrets managers and systemd credentials.");
    public static final ConfigKey SPECTATOR_TOKEN = new ConfigKey(
            "spectatorToken",
            null,
            "Token for watching only (env TELEDRIVE_SPECTATOR_TOKEN); when unset and a driver token is set, "
                    + "only token holders get in.");
    public static final ConfigKey SPECTATOR_TOKEN_FILE =
            new ConfigKey("spectatorTokenFile", null, "A file holding the spectator token.");
    public static final ConfigKey ADMIN_TOKEN = new ConfigKey(
            "adminToken",
            null,
            "Token for the owner (env TELEDRIVE_ADMIN_TOKEN): drives, and may take the seat from another driver.");
    public static final ConfigKey ADMIN_TOKEN_FILE =
            new ConfigKey("adminTokenFile", null, "A file holding the admin token.");
    public static final ConfigKey AUTH_FREE_FAILURES = new ConfigKey(
            "auth.freeFailures",
            "5",
            "Wrong tokens one address may offer before each further one locks it out, for 1 s, then twice as "
                    + "long each time.");
    public static final ConfigKey AUTH_MAX_LOCKOUT_SECONDS =
            new ConfigKey("auth.maxLockoutSeconds", "300", "The longest lockout after wrong tokens.");
    public static final ConfigKey INSECURE_PUBLIC = new ConfigKey(
            "insecurePublic",
            "false",
            "Allow listening beyond loopback without a driver token: anyone who reaches the port can drive.");
    public static final ConfigKey ALLOWED_ORIGINS = new ConfigKey(
            "allowedOrigins",
            null,
            "Comma-separated origins (https://car.example.org) allowed to open the WebSocket besides the page's own.");
    public static final ConfigKey ALLOWED_HOSTS = new ConfigKey(
            "allowedHosts",
            null,
            "Comma-separated host names (mycar.local) requests may use besides loopback ones while the "
                    + "server listens on"
                    + " loopback without tokens; others get 403, so that a web page cannot rebind its name "
                    + "to this machine.");
    public static final ConfigKey BEHIND_PROXY = new ConfigKey(
            "behindProxy",
            "false",
            "Trust Forwarded and X-Forwarded-* headers from a reverse proxy for scheme, host and client address.");
    public static final ConfigKey TLS_KEYSTORE = new ConfigKey(
            "tls.keystore",
            null,
            "PKCS12 keystore with the certificate and key: serve https and wss on the main port.");
    public static final ConfigKey TLS_PASSWORD = new ConfigKey(
            "tls.password", null, "The keystore's password; set it as TELEDRIVE_TLS_PASSWORD rather than in a file.");
    public static final ConfigKey TLS_REDIRECT_PORT = new ConfigKey(
            "tls.redirectPort", null, "With TLS, also listen for plain http on this port and redirect to https.");

    public static final ConfigKey SITE_NAME = new ConfigKey(
            "site.name",
            null,
            "Run as the site of this name (--site; 1 to 32 of a-z, 0-9, -): dial out to NATS (nats.url) and serve "
                    + "this machine's vehicles to every hub as VEHICLE@NAME. Off when unset.");
    public static final ConfigKey NATS_URL = new ConfigKey(
            "nats.url",
            null,
            "The NATS servers a site or hub dials (--nats), comma-separated: nats://HOST:4222 or tls://HOST:4222.");
    public static final ConfigKey NATS_CREDENTIALS = new ConfigKey(
            "nats.credentials",
            null,
            "A NATS credentials file to log in with: nsc's .creds (JWT and nkey seed), or a user's nkey seed alone.");
    public static final ConfigKey NATS_USER =
            new ConfigKey("nats.user", null, "The NATS user to log in as, with nats.password.");
    public static final ConfigKey NATS_PASSWORD = new ConfigKey(
            "nats.password", null, "The NATS user's password (env TELEDRIVE_NATS_PASSWORD; never in a URL).");
    public static final ConfigKey NATS_TOKEN =
            new ConfigKey("nats.token", null, "A NATS token to log in with (env TELEDRIVE_NATS_TOKEN).");
    public static final ConfigKey NATS_TLS_TRUSTSTORE = new ConfigKey(
            "nats.tls.truststore",
            null,
            "A PKCS12 or JKS trust store with the certificate (or its CA) of a tls:// NATS server that the JVM's"
                    + " own trust store does not know, such as a self-signed one.");
    public static final ConfigKey NATS_TLS_TRUSTSTORE_PASSWORD = new ConfigKey(
            "nats.tls.truststorePassword",
            null,
            "The trust store's password (env TELEDRIVE_NATS_TLS_TRUSTSTORE_PASSWORD).");

    public static final ConfigKey HUB_FORGET_SECONDS = new ConfigKey(
            "hub.forgetSeconds",
            "60",
            "At a hub, a site silent this long leaves the vehicle list (after 3 s its vehicles show as unreachable).");

    /** Every host key, in the order the documentation lists them. */
    public static final List<ConfigKey> ALL = List.of(
            PORT,
            BIND,
            PLUGINS,
            PLUGINS_WATCH,
            VEHICLE,
            LEGACY_PORT,
            DEADMAN_MILLIS,
            MAX_DURATION_SECONDS,
            COMMAND_TIMEOUT_MILLIS,
            CONNECT_SECONDS,
            TURN_SECONDS,
            TURN_IDLE_SECONDS,
            TURN_PLACES_PER_ADDRESS,
            TURN_GRACE_SECONDS,
            FRAME_BYTES,
            MESSAGES_PER_SECOND,
            BURST,
            CONNECTIONS,
            CONNECTIONS_PER_ADDRESS,
            IDLE_SECONDS,
            SOCKETS,
            SOCKETS_PER_ADDRESS,
            REQUEST_HEADER_SECONDS,
            HTTP_IDLE_SECONDS,
            DRIVER_TOKEN,
            DRIVER_TOKEN_FILE,
            SPECTATOR_TOKEN,
            SPECTATOR_TOKEN_FILE,
            ADMIN_TOKEN,
            ADMIN_TOKEN_FILE,
            AUTH_FREE_FAILURES,
            AUTH_MAX_LOCKOUT_SECONDS,
            INSECURE_PUBLIC,
            ALLOWED_ORIGINS,
            ALLOWED_HOSTS,
            BEHIND_PROXY,
            TLS_KEYSTORE,
            TLS_PASSWORD,
            TLS_REDIRECT_PORT,
            SITE_NAME,
            NATS_URL,
            NATS_CREDENTIALS,
            NATS_USER,
            NATS_PASSWORD,
            NATS_TOKEN,
            NATS_TLS_TRUSTSTORE,
            NATS_TLS_TRUSTSTORE_PASSWORD,
            HUB_FORGET_SECONDS);

    private ConfigKeys() {}
}
