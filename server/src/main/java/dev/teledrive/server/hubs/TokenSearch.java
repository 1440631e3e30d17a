package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * A client's {@code resume} while the hub asks the reachable sites which of them holds its token: a
 * hub-given token names no site, as the client may have moved between sites since its hello. The
 * first site that answers {@code found} gets the resume; when every site asked has said
 * {@code none}, or the wait is over, the client hears {@code not_resumable}.
 *
 * @param relayId the relay id the sites answer to: each search has its own, so a late answer to an
 *                earlier one is never taken for this one's
 * @param resume  the client's {@code resume}, as it is to reach the site that holds the token
 * @param asked   the sites not yet answered
 */
record TokenSearch(String relayId, ObjectNode resume, Set<String> asked) {

    TokenSearch(String relayId, ObjectNode resume, Set<String> asked) {
        this.relayId = relayId;
        this.resume = resume;
        this.asked = new HashSet<>(asked);
    }

    String token() {
        return resume.get("token").asText();
    }

    JsonNode messageId() {
        return resume.get("id");
    }

    /** A site said it does not hold the token: whether every site asked has now said so. */
    boolean none(String site) {
        asked.remove(site);
        return asked.isEmpty();
    }

    /** Whether this site was asked and has not answered yet. */
    boolean waitsFor(String site) {
        return asked.contains(site);
    }
}
