package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.sites.SiteAnnouncement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A site's messages as a hub's clients see them, and the states a hub writes itself. */
class HubMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HubMessages messages = new HubMessages();

    private static SiteDirectory.Listed listed(String id, String site, boolean reachable) {
        return new SiteDirectory.Listed(
                new RemoteId(id, site),
                new SiteAnnouncement.Vehicle(id, "N", true, "connected", true, 2, List.of(id)),
                reachable);
    }

    @Test
    void theSendingSitesFreshListStandsForItsHeartbeatAndASilentSiteShowsUnreachable() throws Exception {
        List<SiteDirectory.Listed> fleet = List.of(
                listed("donkey", "garage", false), listed("recorder", "home", true), listed("simulator", "home", true));
        JsonNode own = JSON.readTree("[{\"id\":\"simulator\",\"name\":\"Sim\",\"connected\":true,"
                + "\"state\":\"connected\",\"driven\":false,\"queue\":0,\"cameras\":[\"simulator\"]}]");

        JsonNode all = messages.vehicles("home", own, fleet);

        assertEquals(2, all.size(), "home's own list, once, in place of its heartbeat's entries");
        assertEquals("donkey@garage", all.get(0).path("id").asText());
        assertEquals("unreachable", all.get(0).path("state").asText());
        assertFalse(all.get(0).path("connected").asBoolean());
        assertFalse(all.get(0).path("driven").asBoolean(), "a silent site's seats are gone");
        assertEquals("donkey@garage", all.get(0).path("cameras").get(0).asText());
        assertEquals("simulator@home", all.get(1).path("id").asText());
        assertEquals("home", all.get(1).path("site").asText());
        assertEquals("simulator@home", all.get(1).path("cameras").get(0).asText());
    }

    @Test
    void aSiteThatFellSilentIsShownFromTheDirectoryNotFromItsLastList() throws Exception {
        JsonNode own = JSON.readTree("[{\"id\":\"recorder\",\"state\":\"connected\",\"cameras\":[]}]");
        JsonNode all = messages.vehicles("home", own, List.of(listed("recorder", "home", false)));
        assertEquals("unreachable", all.get(0).path("state").asText());
    }

    @Test
    void aHelloThatFollowsAMoveBecomesAStateWithoutTheHelloOnlyFields() {
        ObjectNode hello = messages.parse("{\"type\":\"hello\",\"protocol\":3,\"resume\":\"r\","
                + "\"role\":\"spectator\",\"selected\":\"recorder\",\"limits\":{},\"turns\":{},\"auth\":\"none\","
                + "\"server\":\"Teledrive 1\",\"vehicles\":[],\"vocabulary\":[]}");
        HubMessages.helloAsState(hello);
        assertEquals("state", hello.path("type").asText());
        for (String gone : List.of("protocol", "resume", "limits", "turns", "auth", "server")) {
            assertFalse(hello.has(gone), gone);
        }
        assertEquals("recorder", hello.path("selected").asText());
    }

    @Test
    void aSampleIsRewrittenOnceForItsSubjectsVehicleAndItsOthers() throws Exception {
        byte[] sample = ("{\"type\":\"telemetry\",\"vehicle\":\"elsewhere\",\"seq\":7,"
                        + "\"others\":[{\"vehicle\":\"b\",\"x\":1}]}")
                .getBytes(StandardCharsets.UTF_8);
        var bytes = messages.telemetry(new RemoteId("a", "home"), sample);
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        JsonNode m = JSON.readTree(out);
        assertEquals("a@home", m.path("vehicle").asText(), "the subject, which NATS vouches for, names the vehicle");
        assertEquals("b@home", m.path("others").get(0).path("vehicle").asText());
        assertNull(
                messages.telemetry(new RemoteId("a", "home"), "{\"type\":\"state\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
