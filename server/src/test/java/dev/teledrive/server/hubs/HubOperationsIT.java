package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations at a hub and a site (PROTOCOL.md "Ids at a hub", issue 24 item 6): a hub's REST lists
 * every site's vehicles, {@code /api/status} and {@code /metrics} show the NATS link at both, and
 * what makes no sense at a hub says so. A real nats-server, a real site and a real hub.
 */
class HubOperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    @Test
    void aHubListsEverySitesVehiclesWithSiteIdsAndMarksThemUnreachableWhenTheSiteFallsSilent() throws Exception {
        JsonNode vehicles = await(
                hub,
                "/api/vehicles",
                v -> v.size() >= 2
                        && "connected"
                                .equals(find(v, "simulator@home").path("state").asText()));
        JsonNode recorder = find(vehicles, "recorder@home");
        assertEquals("home", recorder.path("site").asText());
        assertEquals("idle", recorder.path("state").asText(), "as the site lists it: nobody selected it yet");
        assertEquals("test", recorder.path("plugin").asText(), "the entry of a plain server, from the site");
        assertTrue(recorder.path("commands").size() > 0, recorder.toString());
        assertEquals(
                1,
                vehicles.findValues("selected").stream()
                        .filter(JsonNode::asBoolean)
                        .count(),
                "one is where a new client starts");

        site.close();
        site = null;
        JsonNode silent = await(
                hub,
                "/api/vehicles",
                v -> v.size() >= 2
                        && "unreachable"
                                .equals(find(v, "recorder@home").path("state").asText()));
        assertEquals(false, find(silent, "recorder@home").path("connected").asBoolean());
    }

    @Test
    void statusAtBothEndsShowsTheNatsLinkAndThePeersHeard() throws Exception {
        JsonNode hubStatus =
                await(hub, "/api/status", s -> s.path("nats").path("sites").size() == 1);
        JsonNode link = hubStatus.path("nats");
        assertEquals("hub", link.path("role").asText());
        assertEquals("connected", link.path("state").asText());
        assertEquals(nats.urls(), link.path("server").asText());
        assertEquals("home", link.path("sites").get(0).asText());
        assertEquals(0, link.path("dropped").asLong());
        String hubName = link.path("name").asText();
        assertTrue(hubStatus.path("vehicles").asInt() >= 2, "every site's vehicles: " + hubStatus);
        try (WsClient client = WsClient.connect(URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws"))) {
            client.next("hello");
            assertEquals(
                    1,
                    JSON.readTree(get(hub, "/api/status").body())
                            .path("connections")
                            .asInt(),
                    "the hub's own clients");
        }

        JsonNode siteStatus = await(
                site.teledrive(),
                "/api/status",
                s -> s.path("nats").path("hubs").size() == 1
                        && s.path("nats").path("roundTripMillis").isNumber());
        assertEquals("site", siteStatus.path("nats").path("role").asText());
        assertEquals("home", siteStatus.path("nats").path("name").asText());
        assertEquals(hubName, siteStatus.path("nats").path("hubs").get(0).asText());
        assertTrue(siteStatus.path("nats").path("roundTripMillis").asDouble() >= 0);
    }

    @Test
    void metricsAtBothEndsCountPeersAndTrafficBySubjectClass() throws Exception {
        String hubMetrics = awaitMetric(hub, "teledrive_sites_connected", 1);
        assertTrue(value(hubMetrics, "teledrive_bus_messages_total{class=\"alive\",direction=\"in\"") > 0, hubMetrics);
        assertTrue(value(hubMetrics, "teledrive_bus_messages_total{class=\"alive\",direction=\"out\"") > 0);
        assertTrue(value(hubMetrics, "teledrive_bus_payload_bytes_total{class=\"alive\",direction=\"in\"") > 0);
        assertEquals(1, value(hubMetrics, "teledrive_bus_connected"));
        assertEquals(0, value(hubMetrics, "teledrive_bus_dropped_total"));
        assertTrue(hubMetrics.contains("teledrive_bus_round_trip_seconds"), hubMetrics);
        assertTrue(hubMetrics.contains("teledrive_bus_reconnects_total"), hubMetrics);

        String siteMetrics = awaitMetric(site.teledrive(), "teledrive_hubs_connected", 1);
        assertTrue(value(siteMetrics, "teledrive_bus_messages_total{class=\"alive\",direction=\"out\"") > 0);
    }

    @Test
    void whatAHubHasNotSaysWhereToLookInstead() throws Exception {
        HttpResponse<String> plugins = get(hub, "/api/plugins");
        assertEquals(404, plugins.statusCode());
        assertTrue(plugins.body().contains("a hub loads no plugins"), plugins.body());
        assertEquals(200, get(site.teledrive(), "/api/plugins").statusCode());
    }

    private static JsonNode find(JsonNode vehicles, String id) {
        for (JsonNode v : vehicles) {
            if (id.equals(v.path("id").asText())) {
                return v;
            }
        }
        return JSON.createObjectNode();
    }

    private static HttpResponse<String> get(Teledrive server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The resource once it shows what is wanted: heartbeats come every second. */
    private static JsonNode await(Teledrive server, String path, Predicate<JsonNode> wanted) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 100; i++) {
            last = JSON.readTree(get(server, path).body());
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never showed what was wanted: " + last);
    }

    private static String awaitMetric(Teledrive server, String name, double wanted) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            last = get(server, "/metrics").body();
            if (value(last, name) == wanted) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never reached " + wanted + ":\n" + last);
    }

    /** The value of the series whose line starts with {@code prefix} (a name, and tags cut anywhere). */
    private static double value(String metrics, String prefix) {
        Matcher m = Pattern.compile("^" + Pattern.quote(prefix) + "[^ ]* ([^ ]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
