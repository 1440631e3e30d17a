package dev.teledrive.server.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing from NATS is trusted blindly (issue 24, item 4): garbage, malformed JSON, deep nesting and
 * 2 MiB blobs on every subject a site and a hub listen to are dropped and counted, never a crash,
 * and both still serve a driver through the hub afterwards.
 */
class BusGarbageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    private NatsServers nats;
    private TestServer site;
    private Teledrive hub;

    @BeforeEach
    void start() throws Exception {
        // NATS's own limit is 1 MiB: raised so the blobs reach the site and the hub
        parts = SiteAndHub.start(tmp, "max_payload: 4MB\n");
        nats = parts.nats();
        site = parts.site();
        hub = parts.hub();
    }

    @Test
    @SuppressWarnings("try") // Connection.close may throw InterruptedException: the test's to throw
    void garbageAndBlobsOnEverySubjectAreDroppedAndCountedAndBothStillServe() throws Exception {
        String hubName =
                awaitStatus(hub, s -> s.path("sites").size() == 1).path("name").asText();
        List<String> subjects = List.of(
                "td.hub." + hubName + ".to.home", // the site hears a hub's connections
                "td.hub.intruder.to.home",
                "td.hub." + hubName + ".alive", // the site hears hubs' heartbeats
                "td.site.home.alive", // the hub hears sites' heartbeats
                "td.site.intruder.alive",
                "td.site.home.to." + hubName); // the hub hears a site's frames
        byte[] blob = new byte[2 * 1024 * 1024];
        new Random(24).nextBytes(blob);
        List<byte[]> payloads = new ArrayList<>(List.of(
                new byte[0],
                utf8("not json at all"),
                utf8("{\"c\":\"1\",\"op\":\"bogus\"}"),
                utf8("{\"c\":\"../../etc\",\"op\":\"open\"}"),
                utf8("{\"c\":\"1\",\"op\":\"text\"}"),
                utf8("{\"site\":\"elsewhere\",\"vehicles\":[]}"),
                utf8("[".repeat(10_000)),
                utf8("{\"site\":\"home\",\"vehicles\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"),
                blob));
        try (Connection intruder = Nats.connect(nats.urls())) {
            for (String subject : subjects) {
                for (byte[] p : payloads) {
                    intruder.publish(subject, p);
                }
            }
            intruder.flush(Duration.ofSeconds(10));
        }

        JsonNode hubLink = awaitStatus(
                hub, s -> s.path("dropped").asLong() > 0 && s.path("sites").size() == 1);
        assertEquals("connected", hubLink.path("state").asText());
        JsonNode siteLink = awaitStatus(site.teledrive(), s -> s.path("dropped").asLong() > 0);
        assertEquals("connected", siteLink.path("state").asText());

        RecordingVehicle car = site.recorder();
        try (WsClient c = WsClient.connect(URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws"))) {
            c.next("hello");
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}")
                            .path("type")
                            .asText());
            c.next(m -> "driver".equals(m.path("role").asText()));
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"drive\",\"throttle\":0.3,\"steer\":0,\"id\":2}")
                            .path("type")
                            .asText());
            car.await("drive");
        }
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.uri().resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(metrics.matches("(?s).*\nteledrive_bus_dropped_total [1-9].*"), metrics);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitStatus(Teledrive server, java.util.function.Predicate<JsonNode> wanted)
            throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 100; i++) {
            last = JSON.readTree(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(server.uri().resolve("/api/status"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("nats");
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the status never showed what was wanted: " + last);
    }
}
