package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;

/**
 * One client's connection at one site, as the hub keeps it: to the site's own protocol core an
 * ordinary connection, opened by a relay {@code open} and ended by a relay {@code close}. It knows
 * what the hub must remember of that connection alone: whether the site's next {@code hello} is the
 * client's first or stands for a {@code state}, a hello held back while a replayed token is
 * checked, and the resume token the site gave it (the one derived for the site, never the
 * client's). A leg that the hub dropped (its site fell silent) keeps the token, so the place held
 * there can be taken back when the site returns.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class SiteLeg {

    private static final String RELEASE = "{\"command\":\"release\"}";
    /** More than a relay adds around a client's text: its connection id, op and quotes. */
    private static final int ENVELOPE = 256;
    /** A connection id as long as any: a text that fits with it fits as any connection's. */
    private static final String LONGEST_ID = "0".repeat(Relay.MAX_ID_CHARS);

    private final String site;
    /** This connection's id on the bus: the client's id at the hub and which of its site connections it is. */
    private final String connection;

    private final ToSite sites;

    /** The site's next {@code hello} comes after the client's own: it becomes a {@code state}. */
    private boolean helloIsState;
    /** A hello before auth, held back while the client's replayed token is checked here. */
    private ObjectNode heldHello;
    /** This connection's resume token at the site, from its hello; {@code null} before one. */
    private String token;

    private boolean open = true;
    /** The hub greeted the client itself, as the site said nothing: until the site's first frame. */
    private boolean silent;
    /** Whether the last frame sent here was the client's {@code stop}. */
    private boolean stopLast;

    private SiteLeg(String site, String connection, ToSite sites, boolean helloIsState) {
        this.site = site;
        this.connection = connection;
        this.sites = sites;
        this.helloIsState = helloIsState;
    }

    /**
     * The relay id of a client's {@code n}th site connection. Each has its own, so that a late frame
     * or close for a connection the hub left or dropped (the site may end it for silence just as the
     * hub joins the site again) is never taken for the one that replaced it.
     */
    static String relayId(String client, int n) {
        return client + "-" + n;
    }

    /** The client's id at the hub, from a relay id (see {@link #relayId}). */
    static String client(String relayId) {
        int dash = relayId.lastIndexOf('-');
        return dash < 0 ? relayId : relayId.substring(0, dash);
    }

    /** Whether a relay message with this id is for this connection. */
    boolean is(String relayId) {
        return connection.equals(relayId);
    }

    /**
     * Opens a connection at a site, on a vehicle there ({@code null}: the site's default), taking its
     * free seat only if {@code seat}.
     *
     * @param token        the token derived for this site from the client's resume token at the hub
     *                     ({@link SiteTokens}), which the site holds its place under
     * @param helloIsState whether the client has had its hello already, so the site's is a state
     */
    static SiteLeg open(
            String site,
            String connection,
            String remote,
            String token,
            String vehicle,
            boolean seat,
            boolean helloIsState,
            ToSite sites) {
        sites.send(site, Relay.open(connection, remote, vehicle, seat, token).encode());
        return new SiteLeg(site, connection, sites, helloIsState);
    }

    String site() {
        return site;
    }

    /** Whether the connection at the site is still the client's (not left, not dropped). */
    boolean isOpen() {
        return open;
    }

    /**
     * A frame of the client's (or the hub's for it), for the site's protocol core.
     *
     * @return {@code false} when it was not sent: escaped for the bus, it is larger than a site takes
     *     ({@link Relay#MAX_TO_SITE_BYTES}), and the site would drop it unanswered
     */
    boolean send(String text) {
        byte[] relay = Relay.text(connection, text).encode(); // once: measured, then sent
        if (relay.length > Relay.MAX_TO_SITE_BYTES) {
            return false;
        }
        sites.send(site, relay);
        stopLast = false;
        return true;
    }

    /**
     * Whether a frame fits what a site takes once escaped for the bus, as the text of any site
     * connection: checked before a {@code select} or {@code resume} moves the client, since one that
     * does not fit is refused only after the move, at {@link #send}.
     */
    static boolean fits(String text) {
        // Escaped, a character takes at most 6 bytes: only a long text is worth measuring.
        return text.length() * 6L + ENVELOPE <= Relay.MAX_TO_SITE_BYTES
                || Relay.text(LONGEST_ID, text).encode().length <= Relay.MAX_TO_SITE_BYTES;
    }

    /** The client's {@code stop}, for the site's protocol core; as {@link #send}. */
    boolean stop(String text) {
        boolean sent = send(text);
        stopLast = sent;
        return sent;
    }

    /**
     * Whether the last frame sent here was a {@code stop}: the site stops the car with it, in order,
     * and nothing sent since can have moved it again.
     */
    boolean stopLast() {
        return stopLast;
    }

    /**
     * Gives up its seat or queue place there first, as a {@code select} of another vehicle does on one
     * server (that car stops), then closes: a mere close would have the site hold the place for a
     * resume that never comes. The close says so ({@link Relay#CLOSE_LEFT}): the site holds nothing
     * under the client's token, which names its place at the site it moves to.
     */
    void leave() {
        send(RELEASE);
        sites.send(site, Relay.close(connection, Relay.CLOSE_LEFT).encode());
        open = false;
        heldHello = null;
    }

    /**
     * Lets go of the connection at the site without a {@code release}: the site stops its car and
     * holds its place for {@code turns.graceSeconds}, as for any dropped connection. Late frames from
     * the site are the hub's to drop.
     */
    void drop() {
        sites.send(site, Relay.close(connection, null).encode());
        open = false;
        heldHello = null;
    }

    /**
     * Asks the site to close the connection with 1009 (the client sent a frame over the size limit)
     * once the replies owed for the frames before it are out: the leg stays open for those replies and
     * for the site's close, which the hub passes on.
     */
    void oversized() {
        sites.send(site, Relay.close(connection, Relay.CLOSE_TOO_BIG).encode());
    }

    /** Whether the site has said nothing since the hub greeted the client in its place. */
    boolean silent() {
        return silent;
    }

    void silent(boolean silent) {
        this.silent = silent;
    }

    boolean helloIsState() {
        return helloIsState;
    }

    /** The client has had its hello (from the hub itself, or the site's): the site's next is a state. */
    void helloIsState(boolean state) {
        helloIsState = state;
    }

    /** The site's hello to this connection: each connection at a site is greeted once. */
    void greeted(ObjectNode hello) {
        token = hello.path("resume").isTextual() ? hello.get("resume").asText() : null;
    }

    /** The resume token the site gave this connection, or {@code null}. */
    String token() {
        return token;
    }

    void hold(ObjectNode hello) {
        heldHello = hello;
    }

    /** The hello held back, now to be shown, or {@code null}; either way none is held after. */
    ObjectNode takeHeld() {
        ObjectNode held = heldHello;
        heldHello = null;
        return held;
    }

    @Override
    public String toString() {
        return "connection " + connection + " at site '" + site + "'" + (open ? "" : " (dropped)");
    }
}
