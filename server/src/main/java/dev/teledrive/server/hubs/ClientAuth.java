package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tokens a hub's client proved itself with, so that it keeps its role at every site it moves to,
 * as {@code auth} holds for the whole connection on one server (docs/sites.md, "Tokens and guards at
 * a hub"). The client's {@code auth} goes to its site as it is; its token counts once the site
 * answers {@code ack}. On joining another site (or its own again, back from silence) the hub sends
 * first the token that site took before, else the last one any site took, and keeps the reply from
 * the client, who did not ask for it.
 *
 * <p>The tokens live only in this object, for the connection's life, and are never logged. Not
 * thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class ClientAuth {

    /** What to do with a frame from a site. */
    enum Reply {
        /** Not about an {@code auth}, or the answer to the client's own: the client gets it. */
        PASS,
        /** The {@code ack} of an {@code auth} the client sent without an {@code id}: it is owed nothing. */
        SWALLOW,
        /** The site took the replayed token: the {@code state} that follows says where the client stands. */
        REPLAY_ACCEPTED,
        /** The site refused the replayed token (its tokens differ): the client is there unauthenticated. */
        REPLAY_REFUSED
    }

    /** The {@code id} of a replayed {@code auth}. */
    private static final String REPLAY_ID = "hub-auth-replay";
    /** Before the {@code id} the hub gives a client's {@code auth} that had none. */
    private static final String OWN_ID_PREFIX = "hub-auth-";

    private record Sent(String site, String token) {}

    /** Tokens sent and not yet answered, by the {@code id} the site will answer with. */
    private final Map<JsonNode, Sent> pending = new HashMap<>();
    /** The token each site took. */
    private final Map<String, String> takenAt = new HashMap<>();
    /** Sites that refused the last token: not tried there again, where each try counts toward a lockout. */
    private final Set<String> refusedAt = new HashSet<>();
    /** The last token a site took, or {@code null}. */
    private String last;
    /** The replay whose answer is still due (until then its site's hello before auth is held back), or {@code null}. */
    private Sent replaying;

    private int unnamed;

    /**
     * The client's {@code auth} as its site is to get it: one without an {@code id} gets the hub's own,
     * so that its answer can be told apart (and the {@code ack} kept from the client).
     */
    String sent(String site, ObjectNode auth) {
        JsonNode id = auth.get("id");
        if (id == null) {
            id = TextNode.valueOf(OWN_ID_PREFIX + ++unnamed);
            auth.set("id", id);
        }
        pending.put(id, new Sent(site, auth.get("token").asText()));
        return auth.toString();
    }

    /** The {@code auth} to send first at a site the client joins, or {@code null} if there is none to try. */
    String replay(String site, HubMessages messages) {
        String token = takenAt.get(site);
        if (token == null && !refusedAt.contains(site)) {
            token = last;
        }
        if (token == null) {
            return null;
        }
        replaying = new Sent(site, token);
        return messages.auth(token, REPLAY_ID);
    }

    /** Whether a replayed {@code auth} is still unanswered at the client's site. */
    boolean replaying() {
        return replaying != null;
    }

    /** Forgets a replay whose site the client left before it answered. */
    void left() {
        replaying = null;
    }

    /** A site's frame: whether it answers an {@code auth}, and what the client is to see of it. */
    Reply reply(ObjectNode m) {
        String type = HubMessages.type(m);
        JsonNode id = m.get("id");
        if (!"ack".equals(type) && !"error".equals(type) || id == null) {
            return Reply.PASS;
        }
        boolean accepted = "ack".equals(type);
        if (replaying != null && id.isTextual() && REPLAY_ID.equals(id.asText())) {
            Sent replay = replaying;
            replaying = null;
            if (accepted) {
                takenAt.put(replay.site(), replay.token());
                return Reply.REPLAY_ACCEPTED;
            }
            refusedAt.add(replay.site());
            return Reply.REPLAY_REFUSED;
        }
        Sent sent = pending.remove(id);
        if (sent == null) {
            return Reply.PASS;
        }
        if (accepted) { // a refused token leaves the role as it was, as on one server
            takenAt.put(sent.site(), sent.token());
            last = sent.token();
            refusedAt.clear(); // a new token may be one they take
        }
        boolean hubsOwn = id.isTextual() && id.asText().startsWith(OWN_ID_PREFIX);
        if (hubsOwn && accepted) {
            return Reply.SWALLOW;
        }
        if (hubsOwn) {
            m.remove("id"); // the error the client is owed, as one server sends it: without an id
        }
        return Reply.PASS;
    }

    @Override
    public String toString() {
        return last == null ? "no token" : "a token"; // never the token itself
    }
}
