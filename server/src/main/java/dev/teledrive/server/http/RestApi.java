package dev.teledrive.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.teledrive.api.PluginApi;
import dev.teledrive.server.bus.BusStatus;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.control.FleetDesk;
import dev.teledrive.server.plugins.PluginHost;
import dev.teledrive.server.plugins.PluginReport;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The REST API's resources: what runs, what is selected, and whether the server is healthy. Each
 * reply is a record that Jackson writes field by field in the order of its components.
 */
public final class RestApi {

    /** The one path open to anyone, for load balancers and monitors. */
    static final String HEALTH = "/healthz";

    private RestApi() {}

    /**
     * The routes for {@link WebServer}: {@code /api/vehicles}, {@code /api/plugins}, {@code /api/status},
     * {@code /healthz}.
     *
     * @param nats the link to NATS of a site or a hub, shown under {@code nats} in the status; empty for a plain server
     */
    public static Map<String, ApiRoute> routes(
            VehicleRegistry vehicles,
            PluginHost plugins,
            ControlService control,
            String version,
            Clock clock,
            Supplier<Optional<BusStatus>> nats) {
        Map<String, ApiRoute> routes = new LinkedHashMap<>();
        routes.put(
                "/api/vehicles",
                ApiRoute.of(() -> vehicles.all().stream()
                        .map(v -> VehicleEntry.of(
                                v, vehicles.defaultId(), control.desk().seatReport(v.id())))
                        .toList()));
        routes.put(
                "/api/plugins",
                showPaths -> showPaths
                        ? plugins.reports()
                        : plugins.reports().stream()
                                .map(PluginReport::withoutPaths)
                                .toList());
        routes.put(
                "/api/status",
                status(
                        version,
                        clock,
                        () -> new Summary(
                                vehicles.defaultId(),
                                control.hasDriver(),
                                control.connectionCount(),
                                vehicles.all().size()),
                        () -> plugins.reports().stream()
                                .filter(PluginReport::started)
                                .count(),
                        nats));
        routes.put(HEALTH, ApiRoute.of(() -> new Health("ok")));
        return routes;
    }

    /**
     * What {@code /api/status} says of the vehicles and connections: a plain server's own, or at a hub
     * every site's vehicles and the hub's clients.
     *
     * @param selected    where a new connection starts, or {@code null}
     * @param driver      whether someone drives any vehicle
     * @param connections open WebSocket connections at {@code /ws}
     * @param vehicles    how many vehicles there are
     */
    public record Summary(String selected, boolean driver, int connections, int vehicles) {}

    /**
     * {@code GET /api/status}, counting its uptime from now.
     *
     * @param plugins how many plugins run
     * @param nats    the link to NATS of a site or a hub; empty for a plain server
     */
    public static ApiRoute status(
            String version,
            Clock clock,
            Supplier<Summary> summary,
            LongSupplier plugins,
            Supplier<Optional<BusStatus>> nats) {
        Instant started = clock.instant();
        return ApiRoute.of(() -> {
            Summary now = summary.get();
            return new Status(
                    version,
                    PluginApi.VERSION,
                    Duration.between(started, clock.instant()).toSeconds(),
                    now.selected(),
                    now.driver(),
                    now.connections(),
                    now.vehicles(),
                    plugins.getAsLong(),
                    Resources.now(),
                    nats.get().orElse(null));
        });
    }

    /**
     * {@code GET /api/status}.
     *
     * @param uptimeSeconds since the server started
     * @param selected      the default vehicle, which new connections watch first, or {@code null}
     * @param driver        whether someone drives any vehicle
     * @param connections   open WebSocket connections
     * @param vehicles      how many vehicles there are
     * @param plugins       how many plugins run
     * @param nats          a site's or a hub's link to NATS; absent on a plain server
     */
    record Status(
            String version,
            String pluginApi,
            long uptimeSeconds,
            String selected,
            boolean driver,
            int connections,
            int vehicles,
            long plugins,
            Resources runtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) BusStatus nats) {}

    /**
     * What a soak test watches for leaks: live threads, and the heap the last collection left
     * (the heap in use right now mostly measures how long ago that was).
     */
    record Resources(int threads, long heapUsedBytes, long heapAfterLastGcBytes) {

        static Resources now() {
            long afterGc = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage usage = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                if (usage != null) {
                    afterGc += usage.getUsed();
                }
            }
            return new Resources(
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    afterGc);
        }
    }

    /**
     * One vehicle of {@code GET /api/vehicles}.
     *
     * @param state    its state: {@code idle}, {@code connecting}, {@code connected}, {@code disconnected} or
     *                 {@code failed} (docs/protocol.md, "Vehicle states")
     * @param reason   why it is not connected, or {@code null}
     * @param selected whether it is the default vehicle, which new connections watch first
     * @param commands the names of the commands it takes
     * @param driven   whether someone drives it
     * @param queue    how many wait for a turn
     * @param viewers  how many connections watch it
     * @param paused   whether the admin paused its queue
     */
    record VehicleEntry(
            String id,
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

        static VehicleEntry of(VehicleRunner runner, String defaultId, FleetDesk.SeatReport seat) {
            var status = runner.status();
            return new VehicleEntry(
                    status.id(),
                    status.name(),
                    status.plugin(),
                    status.connected(),
                    status.state().name().toLowerCase(Locale.ROOT),
                    status.reason(),
                    status.id().equals(defaultId),
                    runner.vocabulary().commands().stream().map(c -> c.name()).toList(),
                    seat.driven(),
                    seat.queue(),
                    seat.viewers(),
                    seat.paused());
        }
    }

    /** {@code GET /healthz}: {@code ok} while the server answers. */
    record Health(String status) {}
}
