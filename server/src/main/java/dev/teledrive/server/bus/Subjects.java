package dev.teledrive.server.bus;

import java.util.regex.Pattern;

/**
 * The NATS subjects sites and hubs speak on. Each part speaks only under its own name, so NATS's
 * per-user allow-lists ({@code deploy/nats-server.conf}) and not Teledrive's code keep one site from
 * speaking for another:
 *
 * <pre>
 *   td.site.SITE.alive              site -&gt; hubs: heartbeat with the site's vehicles
 *   td.site.SITE.state              site -&gt; hubs: its vehicles changed (seat, queue, link)
 *   td.site.SITE.telemetry.VEHICLE  site -&gt; hubs: samples, only while some hub watches
 *   td.site.SITE.video.CAMERA.CODEC site -&gt; hubs: frames, only while some hub watches
 *   td.site.SITE.to.HUB             site -&gt; one hub: replies and states for its connections
 *   td.hub.HUB.alive                hub  -&gt; sites: heartbeat with what it watches
 *   td.hub.HUB.to.SITE              hub  -&gt; one site: its connections' commands
 * </pre>
 *
 * <p>The subject of a message names who sent it, and NATS vouches for that: a hub learns which site
 * spoke from the subject, never from the payload. Site, hub, vehicle and camera names are single
 * subject tokens ({@code a-z}, {@code 0-9}, {@code -}), checked where they enter.
 */
public final class Subjects {

    /** A site's or a hub's name: 1 to 32 of {@code a-z}, {@code 0-9}, {@code -} (PROTOCOL.md). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

    private static final String ROOT = "td";

    private Subjects() {}

    /** Whether a site or hub name is valid. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String siteAlive(String site) {
        return join("site", site, "alive");
    }

    /** Every site's heartbeat: what a hub listens to. */
    public static String anySiteAlive() {
        return join("site", "*", "alive");
    }

    public static String siteState(String site) {
        return join("site", site, "state");
    }

    public static String telemetry(String site, String vehicle) {
        return join("site", site, "telemetry", vehicle);
    }

    /** The vehicle a telemetry subject names ({@code td.site.SITE.telemetry.VEHICLE}), or {@code null}. */
    public static String telemetryVehicle(String subject) {
        String[] tokens = subject.split("\\.");
        return tokens.length == 5 && "telemetry".equals(tokens[3]) ? tokens[4] : null;
    }

    public static String video(String site, String camera, String codec) {
        return join("site", site, "video", camera, codec);
    }

    /** What a site says to one hub's connections. */
    public static String siteToHub(String site, String hub) {
        return join("site", site, "to", hub);
    }

    /** What every site says to one hub. */
    public static String anySiteToHub(String hub) {
        return join("site", "*", "to", hub);
    }

    public static String hubAlive(String hub) {
        return join("hub", hub, "alive");
    }

    /** Every hub's heartbeat: what a site listens to. */
    public static String anyHubAlive() {
        return join("hub", "*", "alive");
    }

    /** What one hub's connections say to a site. */
    public static String hubToSite(String hub, String site) {
        return join("hub", hub, "to", site);
    }

    /** What every hub says to one site. */
    public static String anyHubToSite(String site) {
        return join("hub", "*", "to", site);
    }

    /**
     * The name of the site or hub that sent a message, from its subject ({@code td.site.NAME...} or
     * {@code td.hub.NAME...}); {@code null} for a subject not of this scheme.
     */
    public static String sender(String subject) {
        String[] tokens = subject.split("\\.", 4);
        if (tokens.length < 3 || !ROOT.equals(tokens[0]) || !validName(tokens[2])) {
            return null;
        }
        return tokens[2];
    }

    private static String join(String... tokens) {
        return ROOT + "." + String.join(".", tokens);
    }
}
