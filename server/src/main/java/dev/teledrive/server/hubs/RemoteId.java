package dev.teledrive.server.hubs;

import dev.teledrive.server.bus.Subjects;

/**
 * A vehicle's or camera's id at a hub: {@code simulator@home} is vehicle {@code simulator} of site
 * {@code home} (PROTOCOL.md, "Ids at a hub").
 *
 * @param local the id at its site
 * @param site  the site's name
 */
public record RemoteId(String local, String site) {

    /** The id as every hub shows it. */
    @Override
    public String toString() {
        return local + "@" + site;
    }

    /** Reads {@code ID@SITE}; {@code null} for anything else, so a client's typo is answered, not thrown. */
    public static RemoteId parse(String text) {
        if (text == null) {
            return null;
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            return null;
        }
        String local = text.substring(0, at);
        String site = text.substring(at + 1);
        if (!Subjects.validName(site) || !local.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            return null;
        }
        return new RemoteId(local, site);
    }
}
