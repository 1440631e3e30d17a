package dev.teledrive.server.http;

import dev.teledrive.api.PluginApi;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.plugins.PluginHost;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The REST API's resources: what runs, what is selected, and whether the server is healthy. */
public final class RestApi {

    private RestApi() {
    }

    /** The routes for {@link WebServer}: {@code /api/vehicles}, {@code /api/plugins}, {@code /api/status}, {@code /healthz}. */
    public static Map<String, Supplier<Object>> routes(VehicleRegistry vehicles, PluginHost plugins, ControlService control,
                                                       String version, Clock clock) {
        Instant started = clock.instant();
        Map<String, Supplier<Object>> routes = new LinkedHashMap<>();
        routes.put("/api/vehicles", () -> vehicles.all().stream().map(v -> vehicle(v, vehicles.selectedId())).toList());
        routes.put("/api/plugins", plugins::reports);
        routes.put("/api/status", () -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("version", version);
            status.put("pluginApi", PluginApi.VERSION);
            status.put("uptimeSeconds", java.time.Duration.between(started, clock.instant()).toSeconds());
            status.put("selected", vehicles.selectedId());
            status.put("driver", control.hasDriver());
            status.put("connections", control.connectionCount());
            status.put("vehicles", vehicles.all().size());
            status.put("plugins", plugins.reports().stream().filter(r -> r.started()).count());
            status.put("runtime", runtime());
            return status;
        });
        routes.put("/healthz", () -> Map.of("status", "ok"));
        return routes;
    }

    /**
     * What a soak test watches for leaks: live threads, and the heap the last collection left
     * (the heap in use right now mostly measures how long ago that was).
     */
    private static Map<String, Object> runtime() {
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (usage != null) {
                afterGc += usage.getUsed();
            }
        }
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        runtime.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        runtime.put("heapAfterLastGcBytes", afterGc);
        return runtime;
    }

    private static Map<String, Object> vehicle(VehicleRunner runner, String selected) {
        var status = runner.status();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", status.id());
        v.put("name", status.name());
        v.put("plugin", status.plugin());
        v.put("connected", status.connected());
        v.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
        v.put("reason", status.reason());
        v.put("selected", status.id().equals(selected));
        v.put("commands", runner.vocabulary().commands().stream().map(c -> c.name()).toList());
        return v;
    }
}
