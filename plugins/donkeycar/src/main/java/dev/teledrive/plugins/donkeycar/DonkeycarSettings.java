package dev.teledrive.plugins.donkeycar;

import dev.teledrive.api.Configuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One car's settings. Each key is read as {@code donkeycar.CAR.KEY} first (for
 * {@code donkeycar.cars=a,b}), then as {@code donkeycar.KEY}, as the i-Racer reads its keys.
 *
 * @param drive          the web controller's WebSocket, such as {@code ws://donkey.local:8887/wsDrive}
 * @param video          the car's MJPEG stream, or empty when the car has no camera for Teledrive
 * @param maxThrottle    the throttle Donkeycar gets for full throttle on the page, above 0 and at most 1
 * @param defaultSpeed   the level of up, down, left and right without a {@code speed}, 1 to 15
 * @param connectTimeout how long opening the WebSocket or the video may take
 */
record DonkeycarSettings(
        URI drive, Optional<URI> video, double maxThrottle, int defaultSpeed, Duration connectTimeout) {

    /** The web controller's port in Donkeycar's templates ({@code WEB_CONTROL_PORT}). */
    static final int DONKEYCAR_PORT = 8887;

    static final String DRIVE_PATH = "/wsDrive";
    static final String VIDEO_PATH = "/video";

    /**
     * Reads car {@code car}'s keys, or the single car's when {@code car} is {@code null}.
     *
     * @throws IllegalArgumentException naming the key to fix
     */
    static DonkeycarSettings from(Configuration c, String car) {
        var keys = new Keys(c, car);
        String urlKey = keys.name("url");
        String missingKey = car == null ? urlKey : "donkeycar." + car + ".url";
        String url = keys.text("url")
                .orElseThrow(() -> new IllegalArgumentException("configuration key '" + missingKey
                        + "' is missing: set it to the car's web controller, such as ws://donkey.local:8887/wsDrive"));
        URI drive = driveUri(urlKey, url);
        Optional<URI> video = video(keys, drive);
        double maxThrottle = c.getDouble(keys.name("maxThrottle"), 0.5);
        if (!(maxThrottle > 0 && maxThrottle <= 1)) {
            throw new IllegalArgumentException("configuration key '" + keys.name("maxThrottle")
                    + "' must be above 0 and at most 1, but is " + maxThrottle);
        }
        int defaultSpeed = c.getInt(keys.name("defaultSpeed"), 12);
        if (defaultSpeed < 1 || defaultSpeed > 15) {
            throw new IllegalArgumentException("configuration key '" + keys.name("defaultSpeed")
                    + "' must be from 1 to 15, but is " + defaultSpeed);
        }
        int timeout = c.getInt(keys.name("connectTimeoutMillis"), 5_000);
        if (timeout < 100 || timeout > 60_000) {
            throw new IllegalArgumentException("configuration key '" + keys.name("connectTimeoutMillis")
                    + "' must be from 100 to 60000, but is " + timeout);
        }
        return new DonkeycarSettings(drive, video, maxThrottle, defaultSpeed, Duration.ofMillis(timeout));
    }

    /** A ws:// or wss:// URL with a host; without a path it gets Donkeycar's /wsDrive. */
    static URI driveUri(String key, String url) {
        URI uri = parse(key, url, "ws://donkey.local:8887/wsDrive");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a ws:// or wss:// URL such as"
                    + " ws://donkey.local:8887/wsDrive, but is '" + url + "'");
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
            return uri.resolve(DRIVE_PATH);
        }
        return uri;
    }

    private static Optional<URI> video(Keys keys, URI drive) {
        String videoKey = keys.name("video");
        Optional<String> given = keys.text("video");
        if (given.isPresent() && given.get().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        if (given.isEmpty()) {
            // Donkeycar serves the camera beside the controller: http://HOST:8887/video.
            String scheme = drive.getScheme().equalsIgnoreCase("wss") ? "https" : "http";
            try {
                return Optional.of(new URI(scheme, null, drive.getHost(), drive.getPort(), VIDEO_PATH, null, null));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "configuration key '" + videoKey
                                + "' cannot be derived from the car's URL: set it to http://HOST:8887/video or off",
                        e);
            }
        }
        URI uri = parse(videoKey, given.get(), "http://donkey.local:8887/video, or off");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("configuration key '" + videoKey
                    + "' must be an http:// or https:// URL such as http://donkey.local:8887/video, or off, but is '"
                    + given.get() + "'");
        }
        return Optional.of(uri);
    }

    private static URI parse(String key, String url, String example) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "configuration key '" + key + "' must be a URL such as " + example + ", but is '" + url + "'", e);
        }
    }

    /** Looks a key up for one car, falling back to the plugin-wide key. */
    private record Keys(Configuration c, String car) {
        String name(String key) {
            String own = "donkeycar." + car + "." + key;
            return car != null && c.get(own).isPresent() ? own : "donkeycar." + key;
        }

        Optional<String> text(String key) {
            return c.get(name(key)).map(String::trim).filter(s -> !s.isEmpty());
        }
    }
}
