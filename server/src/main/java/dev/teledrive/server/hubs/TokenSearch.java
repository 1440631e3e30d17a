package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.bus.Relay;
import java.util.HashSet;
import java.util.Set;

/**
 * A client's {@code resume} while the hub asks the reachable sites which of them holds its token
 * (each with the token derived for it, {@link SiteTokens}): a hub-given token names no site, as the
 * client may have moved between sites since its hello. Two sites may hold it: a client whose site
 * fell silent (which holds its place for the grace), then selected another site's vehicle and
 * dropped there, while the first came back. The client expects the place it held last, the one it
 * moved to; each site's {@code found} says how long ago the connection holding the place joined it,
 * and the youngest wins. So the search ends when every site asked has answered, or when the wait is
 * over with those that did.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class TokenSearch {

    private final String relayId;
    private final ObjectNode resume;
    private final Set<String> asked;
    /** The site holding the youngest place found so far, or {@code null}. */
    private String holder;
    /** How long ago the holder's connection joined it, in milliseconds. */
    private long holderAge = Long.MAX_VALUE;

    /**
     * @param relayId the relay id the sites answer to: each search has its own, so a late answer to an
     *                earlier one is never taken for this one's
     * @param resume  the client's {@code resume}, with the client's token
     * @param asked   the sites asked
     */
    TokenSearch(String relayId, ObjectNode resume, Set<String> asked) {
        this.relayId = relayId;
        this.resume = resume;
        this.asked = new HashSet<>(asked);
    }

    String relayId() {
        return relayId;
    }

    /**
     * The {@code find} for one site asked, with the token derived for that site: none learns the
     * client's token, nor what another site holds it under.
     */
    byte[] find(String site) {
        return Relay.find(relayId, SiteTokens.forSite(site, clientToken())).encode();
    }

    /** The client's {@code resume} as it is to reach the site holding its place: with that site's token. */
    ObjectNode resumeFor(String site) {
        return resume.deepCopy().put("token", SiteTokens.forSite(site, clientToken()));
    }

    private String clientToken() {
        return resume.get("token").asText();
    }

    JsonNode messageId() {
        return resume.get("id");
    }

    /**
     * A site's answer; one from a site not asked, or already answered, changes nothing.
     *
     * @param holds     whether it holds the token
     * @param ageMillis how long ago its connection holding the place joined it; {@code null} (a site
     *                  from before ages) counts as the oldest; of two equal ages the first answer stays
     */
    void answer(String site, boolean holds, Long ageMillis) {
        if (!asked.remove(site) || !holds) {
            return;
        }
        long age = ageMillis == null ? Long.MAX_VALUE : ageMillis;
        if (holder == null || age < holderAge) {
            holder = site;
            holderAge = age;
        }
    }

    /** Whether every site asked has answered. */
    boolean complete() {
        return asked.isEmpty();
    }

    /** The site that holds the client's latest place among those that answered, or {@code null}. */
    String holder() {
        return holder;
    }
}
