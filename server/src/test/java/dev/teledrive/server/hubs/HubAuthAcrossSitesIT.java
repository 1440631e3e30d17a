package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.SiteAndHub.client;
import static dev.teledrive.server.support.SiteAndHub.soon;
import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth} holds for the whole connection at a hub, as on one server (docs/sites.md, "Tokens and
 * guards at a hub"): a client that authenticated keeps its role when it selects a vehicle of another
 * site and when its site comes back from silence, without typing its code again; at a site whose
 * tokens differ it is told, by a {@code state} only, that it must authenticate there.
 */
class HubAuthAcrossSitesIT {

    private static final String TOKEN = "s3cret-driver-token";

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
    void aClientKeepsItsRoleAtAnotherSiteAndAtItsSiteBackFromSilence() throws Exception {
        garage = site("garage", TOKEN);
        home = site("home", TOKEN);
        hub = hub();
        try (WsClient client = client(hub)) {
            authenticate(client, TOKEN); // at the garage, the first site by name, on its simulator

            JsonNode moved = client.request(
                    "to-home", "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":\"to-home\"}");
            assertEquals("ack", moved.path("type").asText(), "no code typed again at the other site: " + moved);
            JsonNode there =
                    soon(client, m -> "recorder@home".equals(m.path("selected").asText()) && "driver".equals(role(m)));
            assertTrue(there.path("vehicles").size() >= 4, "the whole fleet, as after auth: " + there);
            assertEquals(
                    "ack",
                    client.request(1, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":1}")
                            .path("type")
                            .asText());
            home.recorder().await("drive");

            home.close(); // silent: no heartbeat, no goodbye
            soon(client, WsClient.showing("recorder@home", "unreachable"));
            client.clear();
            home = site("home", TOKEN);
            JsonNode back = soon(
                    client,
                    m -> "state".equals(m.path("type").asText())
                            && "connected"
                                    .equals(vehicleIn(m, "recorder@home")
                                            .path("state")
                                            .asText()));
            assertEquals("spectator", role(back), "back as a spectator, its token seats nobody unasked: " + back);
            assertEquals(
                    "ack",
                    client.request(2, "{\"command\":\"claim\",\"id\":2}")
                            .path("type")
                            .asText(),
                    "back at its site, still authenticated");
        }
    }

    @Test
    void atASiteWithOtherTokensTheClientIsToldByAStateAloneThatItMustAuthenticateThere() throws Exception {
        garage = site("garage", TOKEN);
        home = site("home", "another-sites-token");
        hub = hub();
        try (WsClient client = client(hub)) {
            authenticate(client, TOKEN);
            client.clear();
            client.send("{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":\"to-home\"}");
            List<JsonNode> before = new ArrayList<>();
            JsonNode reply;
            while (true) {
                JsonNode m = client.next(x -> !"telemetry".equals(x.path("type").asText()));
                if ("to-home".equals(m.path("id").asText())) {
                    reply = m;
                    break;
                }
                before.add(m);
            }
            assertError(reply, "unauthorized", "to-home");
            assertTrue(
                    before.stream().allMatch(m -> "state".equals(m.path("type").asText())),
                    "nothing the client did not ask for but a state: " + before);
            assertTrue(
                    before.stream()
                            .anyMatch(m -> "required".equals(m.path("auth").asText())),
                    "a state says it must authenticate at this site: " + before);
            assertTrue(
                    before.stream().allMatch(m -> m.path("vehicles").size() >= 4),
                    "the fleet it saw stays listed: " + before);

            assertEquals(
                    "ack",
                    client.request(3, "{\"command\":\"auth\",\"token\":\"another-sites-token\",\"id\":3}")
                            .path("type")
                            .asText());
            JsonNode back = client.request(
                    "to-garage", "{\"command\":\"select\",\"vehicle\":\"simulator@garage\",\"id\":\"to-garage\"}");
            assertEquals("ack", back.path("type").asText(), "the garage's own token went back with it: " + back);
        }
    }

    private void authenticate(WsClient client, String token) throws Exception {
        JsonNode hello = client.next("hello");
        assertEquals("required", hello.path("auth").asText(), hello.toString());
        assertEquals(
                "ack",
                client.request("auth", "{\"command\":\"auth\",\"token\":\"" + token + "\",\"id\":\"auth\"}")
                        .path("type")
                        .asText());
        soon(client, m -> "simulator@garage".equals(m.path("selected").asText()) && "driver".equals(role(m)));
    }

    private static String role(JsonNode m) {
        return m.path("role").asText();
    }

    private TestServer site(String name, String token) throws Exception {
        return parts.startSite(name, Map.of("driverToken", token));
    }

    /** A hub that has heard both sites, so that its first client starts at the garage. */
    private Teledrive hub() throws Exception {
        return SiteAndHub.hearing(parts.startHub(Map.of()), 2);
    }
}
