package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first end-to-end slice of sites and hubs: a real nats-server, a real site with the simulator
 * and the recording vehicle, and a real hub on port 0, driven by a real WebSocket client at the hub.
 */
class HubIT {

    @TempDir
    Path tmp;

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    private NatsServers nats;
    private TestServer site;
    private Teledrive hub;

    @BeforeEach
    void start() throws Exception {
        parts = SiteAndHub.start(tmp, "");
        nats = parts.nats();
        site = parts.site();
        hub = parts.hub();
    }

    private static WsClient connectTo(Teledrive server) throws Exception {
        return WsClient.connect(URI.create(server.uri().toString().replaceFirst("^http", "ws") + "ws"));
    }

    @Test
    void aClientAtTheHubSeesVehicleAtSiteSelectsClaimsAndDrivesWithAcksFromTheSite() throws Exception {
        Greeted first = connectUntilListed(hub);
        JsonNode hello = first.hello();
        try (WsClient c = first.client()) {
            assertEquals(3, hello.path("protocol").asInt());
            assertEquals(
                    "simulator@home",
                    hello.path("selected").asText(),
                    "the hub's vehicle setting (simulator) names the simulator of the site that has one");
            JsonNode recorder = entry(hello, "recorder@home");
            assertEquals("home", recorder.path("site").asText());
            assertTrue(
                    hello.path("resume").asText().matches("[A-Za-z0-9_-]{22}"),
                    "the token is the hub's own for its client, 128 random bits, naming no site");

            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}")
                            .path("type")
                            .asText());
            RecordingVehicle car = site.recorder();
            car.await("open");
            // A state with the watchers' count (AudienceRounds) may come before the select's own,
            // which carries the seat the driver takes along: wait for that one.
            c.next(inRole("recorder@home", "driver")); // the first comer drives, as at a plain server
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"claim\",\"id\":2}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    c.request(3, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":3}")
                            .path("type")
                            .asText());
            car.await("drive");

            assertError(
                    c.request(4, "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":4}"),
                    "vehicle_unavailable",
                    4);
            assertEquals(
                    "ack",
                    c.request(5, "{\"command\":\"select\",\"vehicle\":\"simulator@home\",\"id\":5}")
                            .path("type")
                            .asText());
            car.await("stop"); // a driver who selects another vehicle gives up the seat: it stops
            JsonNode telemetry = c.next("telemetry");
            assertEquals("simulator@home", telemetry.path("vehicle").asText());
        }
    }

    @Test
    void aDriverWhoseHubDroppedItResumesItsSeatThroughAnotherHub() throws Exception {
        Greeted first = connectUntilListed(hub);
        String token = first.hello().path("resume").asText();
        RecordingVehicle car = site.recorder();
        try (WsClient c = first.client()) {
            c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}");
            car.await("open");
            c.next(m -> "driver".equals(m.path("role").asText())
                    && "recorder@home".equals(m.path("selected").asText()));
            c.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}");
            car.await("drive");
        }
        car.await("stop"); // the client's WebSocket went: its car stops at once, its seat is held

        try (Teledrive other = Teledrive.builder(new MapConfiguration(Map.of("port", "0", "nats.url", nats.urls())))
                        .hub()
                        .start();
                WsClient again = connectUntilListed(other).client()) {
            assertEquals(
                    "ack",
                    again.request(3, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":3}")
                            .path("type")
                            .asText());
            // A state with the watchers' count (AudienceRounds, for this connection's arrival) may
            // come before the resume's own: wait for the one with the held seat, through another hub.
            again.next(inRole("recorder@home", "driver"));
            assertEquals(
                    "ack",
                    again.request(4, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":4}")
                            .path("type")
                            .asText());
            car.await("drive");
            assertError(
                    again.request(5, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":5}"),
                    "not_resumable",
                    5);
        }
    }

    @Test
    @SuppressWarnings("try") // the garage site need only run
    void selectingAnotherSitesVehicleGivesUpTheSeatAtTheFirstSiteAtOnce() throws Exception {
        try (TestServer garage = TestServer.start(
                tmp.resolve("garage"), c -> c.with("site.name", "garage").with("nats.url", nats.urls()))) {
            Greeted first = connectUntilListed(hub, 4);
            RecordingVehicle home = site.recorder();
            try (WsClient c = first.client()) {
                c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}");
                home.await("open");
                c.next(m -> "driver".equals(m.path("role").asText())
                        && "recorder@home".equals(m.path("selected").asText()));
                c.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}");
                home.await("drive");

                assertEquals(
                        "ack",
                        c.request(3, "{\"command\":\"select\",\"vehicle\":\"recorder@garage\",\"id\":3}")
                                .path("type")
                                .asText());
                JsonNode there = c.next(m -> "state".equals(m.path("type").asText())
                        && "recorder@garage".equals(m.path("selected").asText()));
                assertEquals(
                        "garage", entry(there, "recorder@garage").path("site").asText());
                home.await("stop");
                try (WsClient local = site.connect()) {
                    local.next("hello");
                    local.request(4, "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":4}");
                    local.request(5, "{\"command\":\"claim\",\"id\":5}");
                    assertEquals(
                            "driver",
                            local.next(m -> "state".equals(m.path("type").asText())
                                            && !"spectator"
                                                    .equals(m.path("role").asText()))
                                    .path("role")
                                    .asText(),
                            "the seat at home is free at once, not held for a resume");
                }
            }
        }
    }

    private record Greeted(WsClient client, JsonNode hello) {}

    /** A client at this hub once the hub has heard the site (its first heartbeat comes within a second). */
    private static Greeted connectUntilListed(Teledrive server) throws Exception {
        return connectUntilListed(server, 1);
    }

    /**
     * A client greeted by a site through this hub, once the hub lists at least this many vehicles: a
     * site heard later is announced by a {@code state}. (A client that came before any site is seated
     * nowhere, so the attempts before the first site leave no held seat behind.)
     */
    private static Greeted connectUntilListed(Teledrive server, int vehicles) throws Exception {
        for (int i = 0; i < 50; i++) {
            WsClient c = connectTo(server);
            JsonNode hello = c.next("hello");
            if (hello.path("vehicles").size() > 0) {
                if (hello.path("vehicles").size() < vehicles) {
                    c.peek(m -> m.path("vehicles").size() >= vehicles);
                }
                return new Greeted(c, hello);
            }
            c.close();
            Thread.sleep(100);
        }
        throw new AssertionError("the hub never listed the site's vehicles");
    }

    private static JsonNode entry(JsonNode hello, String id) {
        for (JsonNode v : hello.path("vehicles")) {
            if (id.equals(v.path("id").asText())) {
                return v;
            }
        }
        throw new AssertionError("no vehicle " + id + " in " + hello);
    }
}
