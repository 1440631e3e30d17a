package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.control.ErrorCode;
import java.util.function.Consumer;

/**
 * Which site a hub's client is at, and its moves between sites. Selecting a vehicle of another site
 * moves the client there (the old site lets it go as a {@code release} and a close: its car stops);
 * {@code resume} with a token of another site does the same; a site that fell silent is left without
 * a release (it holds the place), and when it returns the hub joins it again and resumes that place
 * with the token the site gave. Each site connection is one {@link SiteLeg}.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class SiteMoves {

    /** The id of the {@code resume} the hub sends for its client when a silent site is back: its reply is the hub's. */
    static final String HUB_RESUME = "__hub_resume";

    private final String connection;
    private final String remote;
    private final HubParts parts;
    private final ClientGreeting greeting;
    private final Consumer<String> client;
    /** The client's connection at its site now, or the last one it had (then not open), or {@code null}. */
    private SiteLeg leg;
    /** Site connections opened so far, each named by its own relay id. */
    private int legs;

    /**
     * @param client where the hub's own answers to the client go
     */
    SiteMoves(String connection, String remote, HubParts parts, ClientGreeting greeting, Consumer<String> client) {
        this.connection = connection;
        this.remote = remote;
        this.parts = parts;
        this.greeting = greeting;
        this.client = client;
    }

    /** The site the client is at now, or {@code null}. */
    String site() {
        return at() ? leg.site() : null;
    }

    /** The client's connection at its site now, or {@code null}. */
    SiteLeg leg() {
        return at() ? leg : null;
    }

    private boolean at() {
        return leg != null && leg.isOpen();
    }

    /** Joins the site of the first vehicle on that vehicle, taking its free seat; that site's hello is the client's. */
    void start(RemoteId first) {
        join(first.site(), first.local(), true, false);
    }

    /** A frame of the client's for the site it is at; one too large for the bus is answered here. */
    void send(String text, JsonNode messageId) {
        if (!leg.send(text)) {
            tooLarge(messageId);
        }
    }

    /** The client's {@code stop} for the site it is at; as {@link #send}. */
    void stop(String text, JsonNode messageId) {
        if (!leg.stop(text)) {
            tooLarge(messageId);
        }
    }

    private void tooLarge(JsonNode messageId) {
        client.accept(parts.messages()
                .error(
                        messageId,
                        ErrorCode.BAD_MESSAGE,
                        "this message is too large for the hub to pass on to its site (at most "
                                + Relay.MAX_TO_SITE_BYTES
                                + " bytes once escaped, quotes and control characters count twice or more):"
                                + " send a smaller one"));
    }

    /**
     * A {@code select} of {@code VEHICLE@SITE}: sent on to that site (joined first if it is another),
     * or answered {@code vehicle_unavailable} here when no reachable site has it.
     *
     * @param drove whether the client drives at the site it is at: a driver keeps driving across sites
     *              if the new seat is free, as a select does on one server
     */
    void select(ObjectNode m, JsonNode messageId, boolean drove) {
        String wanted = m.get("vehicle").asText();
        RemoteId target = RemoteId.parse(wanted);
        if (target == null || !parts.directory().reachable(target.site())) {
            boolean silent = target != null && parts.directory().listed(target.site());
            client.accept(parts.messages()
                    .error(
                            messageId,
                            ErrorCode.VEHICLE_UNAVAILABLE,
                            silent
                                    ? HubMessages.unreachable(target)
                                    : "there is no vehicle '" + wanted
                                            + "' at this hub: ids here are VEHICLE@SITE, as in the vehicles list"));
            return;
        }
        if (!target.site().equals(site())) {
            boolean seat = drove && site() != null;
            leave();
            join(target.site(), target.local(), seat, true);
        }
        m.put("vehicle", target.local());
        send(m.toString(), messageId);
    }

    /** A {@code resume} with a hub token ({@code SITE.TOKEN}): sent on to that site, joined first if it is another. */
    void resume(ObjectNode m, JsonNode messageId) {
        String token = m.get("token").asText();
        int dot = token.indexOf(HubMessages.TOKEN_SEPARATOR);
        if (dot > 0 && parts.directory().reachable(token.substring(0, dot))) {
            String target = token.substring(0, dot);
            if (!target.equals(site())) {
                leave();
                join(target, null, false, true);
            }
            m.put("token", token.substring(dot + 1));
            send(m.toString(), messageId);
            return;
        }
        client.accept(parts.messages()
                .error(messageId, ErrorCode.NOT_RESUMABLE, "nothing is held for this token at any reachable site"));
    }

    /**
     * Back at the site of the vehicle it stayed selected on, which returned: as a spectator, and the
     * place it held there is taken back if the site still holds it.
     */
    void rejoin(RemoteId selected) {
        String token = leg != null && leg.site().equals(selected.site()) ? leg.token() : null;
        join(selected.site(), selected.local(), false, true);
        if (token != null) {
            ObjectNode resume = parts.messages().command("resume");
            resume.put("token", token);
            resume.put("id", HUB_RESUME);
            leg.send(resume.toString());
        }
    }

    /** Its site fell silent: the hub lets go of the connection there, and the site holds its place. */
    void dropped() {
        if (at()) {
            leg.drop();
        }
    }

    /** The client went: the site lets go of its connection (the car stops, the place is held). */
    void closed() {
        dropped();
    }

    /** Leaves the site it is at, giving up its seat or queue place there. Late frames from that site are dropped. */
    private void leave() {
        if (at()) {
            leg.leave();
            greeting.left();
        }
    }

    /**
     * Opens a connection at a site, on a vehicle there ({@code null}: the site's default), taking its
     * free seat only if {@code seat}; a token some site took goes first.
     */
    private void join(String target, String vehicle, boolean seat, boolean helloIsState) {
        leg = SiteLeg.open(
                target, SiteLeg.relayId(connection, ++legs), remote, vehicle, seat, helloIsState, parts.sites());
        String replay = greeting.replay(target, parts.messages());
        if (replay != null) {
            leg.send(replay); // before the select or resume that follows
        }
    }
}
