package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where a hub's client stands, as its sites last told it: its selected vehicle, the last
 * {@code hello} or {@code state} it got, and its site's own vehicle list in that message. The hub
 * follows it so that it can tell the client what no site can, by a {@code state} of its own: a site
 * that came, fell silent, came back or was forgotten. The selection stays while its site is
 * unreachable.
 *
 * <p>Not thread-safe: its {@link HubConnection} calls it under its own lock.
 */
final class ClientPlace {

    /** The selected vehicle as the last hello or state said. */
    private RemoteId selected;
    /** The client's last {@code hello} or {@code state}, as sent; {@code null} before one. */
    private ObjectNode last;
    /** Its site's own vehicle list in that message, with the site's ids. */
    private JsonNode own;

    RemoteId selected() {
        return selected;
    }

    /** Whether the client has had a hello or state from a site (and not lost it to a forgotten site). */
    boolean told() {
        return last != null;
    }

    /** Whether the client drives, as its site last told it. */
    boolean drives() {
        return last != null && "driver".equals(last.path("role").asText());
    }

    /**
     * A {@code hello} or {@code state} from site {@code site}, as the site wrote it.
     *
     * @return the selection before it
     */
    RemoteId heard(String site, ObjectNode m) {
        RemoteId before = selected;
        selected = m.hasNonNull("selected") ? new RemoteId(m.get("selected").asText(), site) : null;
        own = m.get("vehicles");
        return before;
    }

    /** That message as the client got it, with hub ids. */
    void sent(ObjectNode m) {
        last = m;
    }

    /** Its vehicle's site was forgotten: nothing is selected any more. */
    void forget() {
        selected = null;
        last = null;
    }

    /**
     * The client's last state again, with the hub's list of sites as it is now and, if it lost its
     * place at a silent site, no seat or queue place (see {@link HubMessages#pushedState}).
     *
     * @param at the site of its vehicle, or {@code null}
     */
    String pushed(HubMessages messages, String at, boolean lostPlace, List<SiteDirectory.Listed> fleet) {
        last = messages.pushedState(last, at, own, lostPlace, fleet);
        return last.toString();
    }
}
