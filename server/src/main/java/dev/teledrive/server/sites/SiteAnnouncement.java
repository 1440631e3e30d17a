package dev.teledrive.server.sites;

import java.util.List;

/**
 * What a site tells every hub once a second on {@code td.site.NAME.alive}: that it lives, and its
 * vehicles as a hub lists them. A hub that hears none for 3 s marks the site's vehicles unreachable.
 *
 * @param site     the site's name (also in the subject, which is what a hub trusts)
 * @param vehicles its vehicles, in listing order, with their plain ids
 */
public record SiteAnnouncement(String site, List<Vehicle> vehicles) {

    /**
     * One vehicle as the site sees it now.
     *
     * @param id        the vehicle's id at the site (a hub shows {@code id@site})
     * @param name      its display name
     * @param connected whether it takes commands
     * @param state     its link's state ({@code connected}, {@code connecting}, ...)
     * @param driven    whether its seat is taken (a held seat counts)
     * @param queue     how many wait for it
     * @param cameras   its cameras' ids at the site
     * @param plugin    the plugin that provides it
     * @param reason    why it is not connected, or {@code null}
     * @param commands  the names of the commands it takes
     * @param viewers   how many connections watch it, local and through every hub
     * @param paused    whether the admin paused its queue
     */
    public record Vehicle(
            String id,
            String name,
            boolean connected,
            String state,
            boolean driven,
            int queue,
            List<String> cameras,
            String plugin,
            String reason,
            List<String> commands,
            int viewers,
            boolean paused) {}
}
