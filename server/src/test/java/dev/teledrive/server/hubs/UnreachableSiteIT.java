package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.SiteAndHub.client;
import static dev.teledrive.server.support.SiteAndHub.soon;
import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL.md, "Unreachable sites", at a real hub with real sites on a real nats-server: what every
 * client of the hub is told, by a {@code state} it did not ask for, when a site stops, is forgotten
 * and comes back, and when the first site appears.
 */
class UnreachableSiteIT {

    @TempDir
    Path tmp;

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    private TestServer home;
    private TestServer garage;
    private Teledrive hub;

    @BeforeEach
    void start() throws Exception {
        parts = SiteAndHub.on(tmp).start(); // NATS alone: each test starts its sites and hub
    }

    @Test
    void aSilentSiteIsPushedAsUnreachableItsDriverLosesTheSeatAndDrivesAgainWhenItComesBack() throws Exception {
        home = site("home");
        garage = site("garage");
        hub = hub(60);
        try (WsClient driver = client(hub);
                WsClient other = client(hub)) {
            driver.peek(listing(4));
            other.peek(listing(4));
            driver.selectConnected("recorder@home");
            assertEquals(
                    "ack",
                    driver.request(1, "{\"command\":\"claim\",\"id\":1}")
                            .path("type")
                            .asText());
            driver.next(m -> "driver".equals(m.path("role").asText()));
            other.selectConnected("simulator@garage");

            driver.clear(); // no state from before passes for one after
            other.clear();
            home.close(); // the site is gone: no heartbeat, no goodbye
            JsonNode told = soon(driver, WsClient.showing("recorder@home", "unreachable"));
            assertEquals("state", told.path("type").asText(), "pushed, not waiting for the client's next request");
            assertEquals("recorder@home", told.path("selected").asText(), "it stays selected");
            assertEquals("spectator", told.path("role").asText(), "its seat is gone");
            assertFalse(vehicleIn(told, "recorder@home").path("driven").asBoolean());
            JsonNode toOther = soon(other, WsClient.showing("recorder@home", "unreachable"));
            assertEquals("simulator@garage", toOther.path("selected").asText());

            JsonNode refused = driver.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}");
            assertError(refused, "vehicle_unavailable", 2);
            assertTrue(refused.path("message").asText().contains("unreachable"), refused.toString());
            assertError(
                    driver.request(3, "{\"command\":\"select\",\"vehicle\":\"simulator@home\",\"id\":3}"),
                    "vehicle_unavailable",
                    3);
            assertEquals(
                    "pong",
                    driver.request(4, "{\"command\":\"ping\",\"t\":4,\"id\":4}")
                            .path("type")
                            .asText());

            driver.clear();
            other.clear();
            home = site("home");
            JsonNode back = soon(
                    driver,
                    m -> "state".equals(m.path("type").asText())
                            && !"unreachable"
                                    .equals(vehicleIn(m, "recorder@home")
                                            .path("state")
                                            .asText()));
            assertEquals("recorder@home", back.path("selected").asText());
            assertEquals("spectator", back.path("role").asText(), "back as a spectator: nobody is seated unasked");
            soon(
                    other,
                    m -> "state".equals(m.path("type").asText())
                            && !"unreachable"
                                    .equals(vehicleIn(m, "recorder@home")
                                            .path("state")
                                            .asText()));

            assertEquals(
                    "ack",
                    driver.request(5, "{\"command\":\"claim\",\"id\":5}")
                            .path("type")
                            .asText());
            driver.next(m -> "driver".equals(m.path("role").asText()));
            assertEquals(
                    "ack",
                    driver.request(6, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":6}")
                            .path("type")
                            .asText());
            home.recorder().await("drive");
        }
    }

    @Test
    void aSiteSilentPastTheForgetPeriodLeavesTheListAndComesBackByState() throws Exception {
        home = site("home");
        garage = site("garage");
        hub = hub(4);
        try (WsClient c = client(hub)) {
            c.peek(listing(4));
            c.selectConnected("recorder@home");

            c.clear();
            home.close();
            soon(c, WsClient.showing("recorder@home", "unreachable"));
            JsonNode forgotten = soon(
                    c,
                    m -> "state".equals(m.path("type").asText())
                            && vehicleIn(m, "recorder@home").isMissingNode());
            assertTrue(forgotten.path("selected").isNull(), "a forgotten vehicle is selected no more: " + forgotten);
            assertFalse(vehicleIn(forgotten, "recorder@garage").isMissingNode(), "the other site stays");
            assertError(c.request(1, "{\"command\":\"claim\",\"id\":1}"), "vehicle_unavailable", 1);

            c.clear();
            home = site("home");
            JsonNode back = soon(
                    c,
                    m -> "state".equals(m.path("type").asText())
                            && !vehicleIn(m, "recorder@home").isMissingNode());
            assertEquals("home", vehicleIn(back, "recorder@home").path("site").asText());
            assertFalse("unreachable"
                    .equals(vehicleIn(back, "recorder@home").path("state").asText()));
        }
    }

    @Test
    void aClientThatCameBeforeAnySiteSeesTheFirstSiteByStateAndIsSeatedNowhereUntilItSelects() throws Exception {
        hub = hub(60);
        try (WsClient c = client(hub)) {
            JsonNode hello = c.next("hello");
            assertTrue(hello.path("selected").isNull());
            assertEquals(0, hello.path("vehicles").size());
            assertError(c.request(1, "{\"command\":\"claim\",\"id\":1}"), "vehicle_unavailable", 1);
            assertEquals(
                    "pong",
                    c.request(2, "{\"command\":\"ping\",\"t\":2,\"id\":2}")
                            .path("type")
                            .asText());

            home = site("home");
            JsonNode listed = soon(c, listing(2));
            assertEquals("state", listed.path("type").asText());
            assertTrue(listed.path("selected").isNull(), "nothing selected for it");
            assertEquals("spectator", listed.path("role").asText());
            for (JsonNode v : listed.path("vehicles")) {
                assertFalse(v.path("driven").asBoolean(), "nobody was seated: " + v);
            }

            c.selectConnected("recorder@home");
            JsonNode after = c.next(m -> "state".equals(m.path("type").asText())
                    && "recorder@home".equals(m.path("selected").asText()));
            assertEquals("spectator", after.path("role").asText(), "a select does not seat a spectator");
            for (JsonNode v : after.path("vehicles")) {
                assertFalse(v.path("driven").asBoolean(), "not on the site's default vehicle either: " + v);
            }
        }
    }

    @Test
    void aClientTheSiteHasNotLetInYetIsToldNothingOfTheSitesUntilItAuthenticates() throws Exception {
        home = parts.startSite("home", Map.of("driverToken", "sesame-driver-1"));
        hub = hub(60);
        WsClient c = null;
        for (int i = 0; i < 50 && c == null; i++) {
            WsClient attempt = client(hub);
            if ("required".equals(attempt.next("hello").path("auth").asText())) {
                c = attempt; // greeted by the site, which asks for a token first
            } else {
                attempt.close();
                Thread.sleep(100);
            }
        }
        try (WsClient client = c) {
            assertTrue(client != null, "the hub never reached the site");
            garage = site("garage");
            assertEquals(
                    null,
                    client.poll(m -> m.path("vehicles").size() > 0, Duration.ofSeconds(3)),
                    "a new site is not shown to a client before its auth");
            assertEquals(
                    "ack",
                    client.request(1, "{\"command\":\"auth\",\"token\":\"sesame-driver-1\",\"id\":1}")
                            .path("type")
                            .asText());
            JsonNode state = soon(client, listing(4));
            assertEquals(
                    "garage", vehicleIn(state, "recorder@garage").path("site").asText());
        }
    }

    private TestServer site(String name) throws Exception {
        return parts.startSite(name);
    }

    private Teledrive hub(int forgetSeconds) throws Exception {
        return parts.startHub(Map.of("hub.forgetSeconds", Integer.toString(forgetSeconds)));
    }

    /** A hello or state listing at least this many vehicles. */
    private static Predicate<JsonNode> listing(int vehicles) {
        return m -> ("hello".equals(m.path("type").asText())
                        || "state".equals(m.path("type").asText()))
                && m.path("vehicles").size() >= vehicles;
    }
}
