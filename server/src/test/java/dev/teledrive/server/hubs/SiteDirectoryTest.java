package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a hub lists from the sites' heartbeats, on a manual clock. */
class SiteDirectoryTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final SiteDirectory directory = new SiteDirectory(now::get, Duration.ofSeconds(60));

    private static byte[] beat(String site, String... vehicles) {
        StringBuilder json = new StringBuilder("{\"site\":\"" + site + "\",\"vehicles\":[");
        for (int i = 0; i < vehicles.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(vehicles[i])
                    .append("\",\"name\":\"N\",\"connected\":true,\"state\":\"connected\",\"driven\":false,"
                            + "\"queue\":0,\"cameras\":[],\"futureField\":1}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private List<String> listed() {
        return directory.vehicles().stream()
                .map(l -> l.id() + (l.reachable() ? "" : " unreachable"))
                .toList();
    }

    @Test
    void sitesAreListedByNameWithTheirVehiclesAsVehicleAtSite() throws Exception {
        assertTrue(directory.heard("home", beat("home", "simulator", "iracer")), "a new site");
        assertTrue(directory.heard("garage", beat("garage", "donkey")));
        assertFalse(directory.heard("home", beat("home", "simulator", "iracer")), "nothing new");
        assertEquals(List.of("donkey@garage", "simulator@home", "iracer@home"), listed());
    }

    @Test
    void aSiteSilentForThreeSecondsIsUnreachableThenForgottenAndABeatBringsItBack() throws Exception {
        directory.heard("home", beat("home", "simulator"));
        advance(Duration.ofMillis(2_999));
        assertEquals(List.of("simulator@home"), listed());
        advance(Duration.ofMillis(1));
        assertEquals(List.of("simulator@home unreachable"), listed());
        assertFalse(directory.reachable("home"));
        assertTrue(directory.listed("home"), "unreachable, still listed");
        assertTrue(directory.heard("home", beat("home", "simulator")), "back: the connections hear of it");
        assertEquals(List.of("simulator@home"), listed());
        advance(Duration.ofSeconds(60));
        assertEquals(List.of(), listed(), "forgotten after hub.forgetSeconds");
        assertFalse(directory.listed("home"));
    }

    @Test
    void aBadHeartbeatIsRefusedAndChangesNothing() throws Exception {
        directory.heard("home", beat("home", "simulator"));
        assertThrows(
                SiteDirectory.BadHeartbeat.class,
                () -> directory.heard("home", beat("garage", "evil")),
                "a payload naming another site than the subject NATS vouched for");
        assertThrows(
                SiteDirectory.BadHeartbeat.class,
                () -> directory.heard("home", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                SiteDirectory.BadHeartbeat.class, () -> directory.heard("home", new byte[SiteDirectory.MAX_BYTES + 1]));
        assertEquals(List.of("simulator@home"), listed());
    }

    @Test
    void aBadHeartbeatIsDescribedInAnOperatorsWordsNotTheParsers() {
        assertEquals(
                "a heartbeat from site 'home' that is not JSON (a site of another Teledrive version, or something"
                        + " else publishing on its subject?)",
                refusal("{not json"));
        assertTrue(
                refusal("{\"site\":\"home\",\"vehicles\":[").contains("that is cut short"),
                refusal("{\"site\":\"home\",\"vehicles\":["));
        assertTrue(refusal("{\"site\":\"ho").contains("that is cut short"), refusal("{\"site\":\"ho"));
        assertTrue(
                refusal("{\"site\":\"home\",\"vehicles\":[{\"id\":\"a\",\"connected\":{}}]}")
                        .contains("has a wrong value for 'vehicles[0].connected'"),
                refusal("{\"site\":\"home\",\"vehicles\":[{\"id\":\"a\",\"connected\":{}}]}"));
        assertTrue(refusal("[1]").contains("is not a heartbeat object"), refusal("[1]"));
        assertEquals("a heartbeat from site 'home' without its list of vehicles", refusal("{\"site\":\"home\"}"));
        assertEquals("a heartbeat on the subject of site 'home' that names no site", refusal("{}"));
        for (String bad : List.of("{not json", "{\"site\":\"home\",\"vehicles\":[", "[1]")) {
            assertFalse(refusal(bad).contains("Unexpected"), "no parser's words: " + refusal(bad));
            assertFalse(refusal(bad).contains("com.fasterxml"), "no parser's classes: " + refusal(bad));
        }
    }

    private String refusal(String payload) {
        return assertThrows(
                        SiteDirectory.BadHeartbeat.class,
                        () -> directory.heard("home", payload.getBytes(StandardCharsets.UTF_8)))
                .getMessage();
    }

    @Test
    void idsAtAHubAreVehicleAtSite() {
        assertEquals(new RemoteId("simulator", "home"), RemoteId.parse("simulator@home"));
        assertEquals("simulator@home", new RemoteId("simulator", "home").toString());
        for (String bad : new String[] {"simulator", "@home", "simulator@", "sim@Home", "a.b@home", "x@a.b"}) {
            assertNull(RemoteId.parse(bad), bad);
        }
    }
}
