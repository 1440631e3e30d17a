package dev.teledrive.server.hubs;

import dev.teledrive.server.http.ApiRoute;
import dev.teledrive.server.http.RestApi;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST resources that differ at a hub: {@code /api/vehicles} lists every vehicle of every site
 * heard, with ids {@code VEHICLE@SITE}, as a plain server lists its own; {@code /api/status} counts
 * those vehicles and the hub's clients, and shows the NATS link; {@code /api/plugins} is not here,
 * since a hub loads none (each site's own port lists its plugins).
 */
public final class HubRoutes {

    private HubRoutes() {}

    /** The routes that replace a plain server's at a hub. */
    public static Map<String, ApiRoute> of(Hub hub, String version, Clock clock) {
        return Map.of(
                "/api/status",
                RestApi.status(version, clock, () -> summary(hub), () -> 0, () -> Optional.of(hub.status())),
                "/api/vehicles",
                ApiRoute.of(() -> {
                    RemoteId first = hub.defaultVehicle();
                    return hub.vehicles().stream()
                            .map(l -> VehicleEntry.of(l, l.id().equals(first)))
                            .toList();
                }),
                "/api/plugins",
                showPaths -> {
                    throw new ApiRoute.NotHere("a hub loads no plugins: ask each site's own /api/plugins,"
                            + " on the port it serves at home");
                });
    }

    private static RestApi.Summary summary(Hub hub) {
        List<SiteDirectory.Listed> vehicles = hub.vehicles();
        RemoteId first = hub.defaultVehicle();
        return new RestApi.Summary(
                first == null ? null : first.toString(),
                vehicles.stream().anyMatch(l -> l.reachable() && l.vehicle().driven()),
                hub.connectionCount(),
                vehicles.size());
    }

    /**
     * One vehicle of {@code GET /api/vehicles} at a hub: a plain server's entry with the hub's id and
     * the site, from the site's last heartbeat.
     *
     * @param id    {@code VEHICLE@SITE}
     * @param site  the site it belongs to
     * @param state as at a plain server, or {@code unreachable} while its site is silent
     * @param selected whether it is where a new connection at this hub starts
     */
    record VehicleEntry(
            String id,
            String site,
            String name,
            String plugin,
            boolean connected,
            String state,
            String reason,
            boolean selected,
            List<String> commands,
            boolean driven,
            int queue,
            int viewers,
            boolean paused) {

        static VehicleEntry of(SiteDirectory.Listed l, boolean selected) {
            var v = l.vehicle();
            String id = l.id().toString();
            return new VehicleEntry(
                    id,
                    l.id().site(),
                    v.name(),
                    v.plugin(),
                    l.reachable() && v.connected(),
                    l.reachable() ? v.state() : "unreachable",
                    l.reachable() ? v.reason() : "its site has not been heard for 3 s",
                    selected,
                    v.commands() == null ? List.of() : v.commands(),
                    v.driven(),
                    v.queue(),
                    v.viewers(),
                    v.paused());
        }
    }
}
