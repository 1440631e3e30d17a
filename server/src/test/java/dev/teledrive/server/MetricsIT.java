package dev.teledrive.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus metrics at /metrics: what a driver does shows up, and strangers read nothing. */
class MetricsIT {

    @TempDir
    Path tmp;

    @Test
    void driversCommandsErrorsStopsAndTurnsAreCounted() throws Exception {
        // the seat frees at once when its driver goes, rather than being held for a resume
        try (TestServer server = TestServer.start(tmp, c -> c.with("turns.graceSeconds", "0"))) {
            WsClient driver = server.connect();
            try (WsClient watcher = server.connect()) {
                driver.next("hello");
                watcher.next("hello");
                driver.request(1, "{\"command\":\"up\",\"id\":1}");
                watcher.request(2, "{\"command\":\"up\",\"id\":2}"); // not_driver
                watcher.request(3, "{\"command\":\"claim\",\"id\":3}"); // waits in line
                String metrics = server.get("/metrics", null).body();
                assertTrue(metrics.contains("teledrive_connections{role=\"driver\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_connections{role=\"queued\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_vehicle_queue{vehicle=\"simulator\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_vehicle_drivers{vehicle=\"simulator\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_errors_total{code=\"not_driver\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_command_seconds_count{outcome=\"ack\"} 1"), metrics);
                assertTrue(metrics.contains("teledrive_turns_total{cause=\"claim\"} 1.0"), metrics);
                assertTrue(metrics.contains("teledrive_telemetry_skipped_total"), metrics);
                driver.close(); // the one waiting drives next
                watcher.next(m -> "state".equals(m.path("type").asText())
                        && m.path("driver").asBoolean());
                String after = server.get("/metrics", null).body();
                assertTrue(after.contains("teledrive_stops_total{cause=\"disconnect\"} 1.0"), after);
                assertTrue(
                        after.contains("teledrive_turns_total{cause=\"release\"} 1.0"), "the one waiting drove next");
            }
        }
    }

    @Test
    void behindAProxyOnlyTheAdminTokenReadsThem() throws Exception {
        try (TestServer server = TestServer.start(
                tmp, c -> c.with("driverToken", "d").with("adminToken", "boss").with("behindProxy", "true"))) {
            assertEquals(401, server.get("/metrics", null).statusCode(), "loopback is every request behind a proxy");
            assertEquals(401, server.get("/metrics", "d").statusCode(), "a driver is not the admin");
            var metrics = server.get("/metrics", "boss");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("# TYPE teledrive_connections gauge"), metrics.body());
        }
    }
}
