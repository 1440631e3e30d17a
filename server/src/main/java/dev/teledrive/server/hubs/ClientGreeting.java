package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a hub's client hears of its sites' greetings. The client gets one {@code hello}, from the
 * first site it joins or from the hub itself when no site answers; every later site's hello tells it
 * where it stands now, as a {@code state}. A client whose token a site took before has it replayed
 * at every site it joins ({@link ClientAuth}): a site's hello before auth is held back until that
 * replay is answered, so the client never hears for an instant that it must authenticate again.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class ClientGreeting {

    private final ClientAuth auth = new ClientAuth();
    /** Whether the client has had its {@code hello}, from a site or from the hub. */
    private boolean greeted;
    /** Whether the client may be shown the fleet: a site greeted it without asking for a token, or it authenticated. */
    private boolean listed;

    /**
     * The hub greets the client itself (no reachable site, or a site that says nothing): it is
     * shown the fleet as the hub knows it.
     *
     * @return whether it had been greeted before, so the hub's message is a state rather than a hello
     */
    boolean byHub() {
        boolean before = greeted;
        greeted = true;
        listed = true;
        return before;
    }

    boolean greeted() {
        return greeted;
    }

    boolean listed() {
        return listed;
    }

    /** The client's own {@code auth}, as its site is to get it (see {@link ClientAuth#sent}). */
    String auth(String site, ObjectNode auth) {
        return this.auth.sent(site, auth);
    }

    /** The {@code auth} to send first at a site the client joins, or {@code null}. */
    String replay(String site, HubMessages messages) {
        return auth.replay(site, messages);
    }

    /** The client left the site of a replay still unanswered. */
    void left() {
        auth.left();
    }

    /**
     * A frame from the client's site, as the client is to see it (a hello turned into a state when
     * the client had its hello), or {@code null} when it is kept from the client: the answer to a
     * replayed or hub-named {@code auth}, or a hello held back meanwhile.
     */
    ObjectNode fromSite(SiteLeg leg, ObjectNode m) {
        if ("hello".equals(HubMessages.type(m))) {
            leg.greeted(m); // whether or not the client sees that hello
        }
        switch (auth.reply(m)) {
            case SWALLOW -> {
                return null;
            }
            case REPLAY_ACCEPTED -> {
                leg.takeHeld(); // the state that follows the ack says where the client stands
                leg.helloIsState(false);
                return null;
            }
            case REPLAY_REFUSED -> {
                m = leg.takeHeld(); // the client is there unauthenticated: that hello, as a state, says so
                if (m == null) {
                    return null; // the site asks no token: its hello has passed already
                }
            }
            case PASS -> {
                if (auth.replaying()
                        && leg.helloIsState()
                        && "hello".equals(HubMessages.type(m))
                        && "required".equals(m.path("auth").asText())) {
                    leg.hold(m); // it names nothing: the state after the replayed auth will
                    return null;
                }
            }
        }
        String type = HubMessages.type(m);
        boolean unauthenticated =
                "hello".equals(type) && "required".equals(m.path("auth").asText());
        // A state follows a successful auth; a hello shows the fleet only where no token is asked for.
        listed |= "state".equals(type) || "hello".equals(type) && !unauthenticated;
        if ("hello".equals(type)) {
            if (leg.helloIsState()) {
                HubMessages.helloAsState(m); // the client has had its hello: this one tells where it stands now
                if (unauthenticated) {
                    // It must authenticate at this site before it may do anything; a client shown
                    // the fleet before still sees it, this site's vehicles as its heartbeat has them.
                    m.put("auth", "required");
                    m.remove("vehicles");
                }
            }
            greeted |= !leg.helloIsState();
            leg.helloIsState(false);
        }
        return m;
    }
}
