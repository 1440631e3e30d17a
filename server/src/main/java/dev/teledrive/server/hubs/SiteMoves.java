package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.control.ErrorCode;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Which site a hub's client is at, and its moves between sites. Selecting a vehicle of another site
 * moves the client there (the old site lets it go as a {@code release} and a close: its car stops);
 * {@code resume} of a place held at another site does the same; a site that fell silent is left
 * without a release (it holds the place), and when it returns the hub joins it again and resumes that
 * place. Every site connection of the client is opened with a token derived from the client's own
 * resume token (the one its hello gave) for that site ({@link SiteTokens}), so each site holds its
 * place under a token of its own, which no other site takes. Each site connection is one {@link SiteLeg}.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class SiteMoves {

    /** The id of the {@code resume} the hub sends for its client when a silent site is back: its reply is the hub's. */
    static final String HUB_RESUME = "__hub_resume";
    /** How long a {@code resume} waits for the sites asked which of them holds its token. */
    static final Duration SEARCH_WAIT = Duration.ofSeconds(2);
    /** What a resume token looks like, as a site takes it on the bus: anything else is held nowhere. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String connection;
    private final String remote;
    /** The client's resume token at the hub; each site it joins gets the token derived from it for that site. */
    private final String token;
    /** Runs a task after {@link #SEARCH_WAIT}, under the lock of the connection this belongs to. */
    private final Consumer<Runnable> later;

    private final HubParts parts;
    private final ClientGreeting greeting;
    private final Consumer<String> client;
    /** The client's connection at its site now, or the last one it had (then not open), or {@code null}. */
    private SiteLeg leg;
    /** Site connections opened and token searches begun so far, each named by its own relay id. */
    private int legs;
    /** The client's {@code resume} whose token the reachable sites are asked about now, or {@code null}. */
    private TokenSearch search;

    /**
     * @param token  the client's resume token, which its hello gives; every site holds its place under the
     *               token derived from it for that site
     * @param later  runs a task after {@link #SEARCH_WAIT}, under the lock its caller calls this under
     * @param client where the hub's own answers to the client go
     */
    SiteMoves(
            String connection,
            String remote,
            String token,
            HubParts parts,
            ClientGreeting greeting,
            Consumer<Runnable> later,
            Consumer<String> client) {
        this.connection = connection;
        this.remote = remote;
        this.token = token;
        this.later = later;
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
        if (target.site().equals(site()) && leg.silent()) {
            // It would wait for an answer that may never come: the hub answers, as for its other commands.
            client.accept(
                    parts.messages().error(messageId, ErrorCode.VEHICLE_UNAVAILABLE, HubMessages.mute(target.site())));
            return;
        }
        m.put("vehicle", target.local());
        String text = m.toString();
        boolean moves = !target.site().equals(site());
        if (moves && !SiteLeg.fits(text)) {
            tooLarge(messageId); // before anything moves: the client stays where it is
            return;
        }
        if (moves) {
            boolean seat = drove && site() != null;
            leave();
            join(target.site(), target.local(), seat, true);
        }
        send(text, messageId);
    }

    /** The client's resume token, as its hello gives it. */
    String token() {
        return token;
    }

    /**
     * A {@code resume}: every reachable site is asked whether it holds the token derived for it from the
     * client's token ({@link SiteTokens}), and the one that holds the client's latest place gets the
     * resume with its derived token ({@link #found}, {@link TokenSearch}), the client moved there first
     * if it is another site. A token of the older form {@code SITE.TOKEN}, one that site minted itself,
     * names its site and goes there at once, as it is.
     */
    void resume(ObjectNode m, JsonNode messageId) {
        String wanted = m.get("token").asText();
        int dot = wanted.indexOf(HubMessages.TOKEN_SEPARATOR);
        boolean named = dot > 0 && parts.directory().reachable(wanted.substring(0, dot));
        // measured as it will go, with the token a site gets, before anything moves: the client stays where it is
        String token = named ? wanted.substring(dot + 1) : SiteTokens.forSite("", wanted);
        if (!SiteLeg.fits(m.deepCopy().put("token", token).toString())) {
            tooLarge(messageId);
            return;
        }
        if (named) {
            resumeAt(wanted.substring(0, dot), m.put("token", token), messageId);
            return;
        }
        Set<String> sites = Set.copyOf(parts.directory().reachableSites());
        if (!TOKEN.matcher(wanted).matches() || sites.isEmpty()) {
            notResumable(messageId);
            return;
        }
        if (search != null) {
            notResumable(search.messageId()); // the client asks again: the newer resume is the one it waits for
        }
        TokenSearch begun = new TokenSearch(SiteLeg.relayId(connection, ++legs), m, sites);
        search = begun;
        sites.forEach(s -> parts.sites().send(s, begun.find(s)));
        later.accept(() -> {
            if (search == begun) {
                end(begun); // those that answered decide: one that has not holds nothing the client can take
            }
        });
    }

    /** Whether this relay id is the current token search's: its answers are for {@link #found}. */
    boolean searching(String relayId) {
        return search != null && search.relayId().equals(relayId);
    }

    /**
     * A site's answer to the current token search. Once every site asked has answered, the one holding
     * the client's latest place gets the resume.
     *
     * @param ageMillis for a site that holds it, how long ago the connection holding the place joined it
     */
    void found(String site, boolean holds, Long ageMillis) {
        if (search == null) {
            return;
        }
        search.answer(site, holds, ageMillis);
        if (search.complete()) {
            end(search);
        }
    }

    /** The search is over: the resume goes to the site holding the latest place, if any holds one. */
    private void end(TokenSearch done) {
        search = null;
        if (done.holder() != null) {
            resumeAt(done.holder(), done.resumeFor(done.holder()), done.messageId());
        } else {
            notResumable(done.messageId());
        }
    }

    /** Sends a resume on to the site that holds its token, joining that site first if it is another. */
    private void resumeAt(String target, ObjectNode m, JsonNode messageId) {
        if (!target.equals(site())) {
            leave();
            join(target, null, false, true);
        }
        send(m.toString(), messageId);
    }

    private void notResumable(JsonNode messageId) {
        client.accept(parts.messages()
                .error(
                        messageId,
                        ErrorCode.NOT_RESUMABLE,
                        "nothing is held for this token at any reachable site: it is unknown, used already, or"
                                + " expired; this connection stays as it is (send claim to queue again)"));
    }

    /**
     * Back at the site of the vehicle it stayed selected on, which returned: as a spectator, and the
     * place it held there is taken back if the site still holds it, under the token that site gave the
     * connection that held it (the one the hub derived for it; a site of an older version may have
     * minted its own).
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
                target,
                SiteLeg.relayId(connection, ++legs),
                remote,
                SiteTokens.forSite(target, token),
                vehicle,
                seat,
                helloIsState,
                parts.sites());
        String replay = greeting.replay(target, parts.messages());
        if (replay != null) {
            leg.send(replay); // before the select or resume that follows
        }
    }
}
