package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.sites.SiteAnnouncement;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new client at a hub whose default site still beats but says nothing, as a site that died within
 * the 3 s before the hub calls it silent, or one that is only slow: the hub greets the client itself,
 * and the site's late hello reaches it as a {@code state}. The site is a bare NATS client that beats
 * and answers only when the test says so.
 */
class MuteSiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private SiteAndHub parts;
    private Connection site;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
    private Teledrive hub;

    @BeforeEach
    void start() throws Exception {
        parts = SiteAndHub.on(tmp).start(); // NATS alone: the site here is a bare NATS client
        site = Nats.connect(parts.nats().urls());
        var vehicle = new SiteAnnouncement.Vehicle(
                "simulator", "Simulator", true, "connected", false, 0, List.of(), "sim", null, List.of(), 0, false);
        byte[] announcement = JSON.writeValueAsBytes(new SiteAnnouncement("mute", List.of(vehicle)));
        beat.scheduleAtFixedRate(
                () -> site.publish(Subjects.siteAlive("mute"), announcement), 0, 500, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        beat.shutdownNow();
        try {
            if (hub != null) {
                hub.close(); // before the bare site, as SiteAndHub closes a real one
            }
            if (site != null) {
                site.close();
            }
        } finally {
            if (parts != null) {
                parts.close();
            }
        }
    }

    @Test
    void aClientWhoseSiteSaysNothingIsGreetedByTheHubAndTheSitesLateHelloIsAState() throws Exception {
        LinkedBlockingQueue<io.nats.client.Message> toSite = new LinkedBlockingQueue<>();
        site.createDispatcher(toSite::add).subscribe(Subjects.anyHubToSite("mute"));
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            io.nats.client.Message open = toSite.poll(10, TimeUnit.SECONDS);
            assertTrue(open != null, "the hub opened the client's connection at the site");
            Relay opened = Relay.decode(open.getData(), Hub.MAX_RELAY_BYTES);
            assertEquals(Relay.OPEN, opened.op());

            JsonNode hello = client.next("hello"); // the site still beats, so only the hub can say it
            assertTrue(hello.path("selected").isNull(), hello.toString());
            assertEquals(
                    "connected",
                    vehicleIn(hello, "simulator@mute").path("state").asText(),
                    "the site is still listed as the hub knows it: " + hello);

            String hello2 = "{\"type\":\"hello\",\"protocol\":3,\"role\":\"spectator\",\"vehicles\":[{\"id\":"
                    + "\"simulator\",\"name\":\"Simulator\",\"connected\":true,\"state\":\"connected\","
                    + "\"driven\":false,\"queue\":0,\"cameras\":[]}],\"selected\":\"simulator\",\"queue\":"
                    + "{\"position\":0,\"length\":0},\"turnEndsAt\":null,\"spectators\":0,\"vocabulary\":[],"
                    + "\"resume\":\"late\"}";
            site.publish(
                    Subjects.siteToHub("mute", Subjects.sender(open.getSubject())),
                    Relay.text(opened.c(), hello2).encode());
            JsonNode late =
                    client.next(m -> "simulator@mute".equals(m.path("selected").asText()));
            assertEquals("state", late.path("type").asText(), "one hello per connection: " + late);
        }
    }

    private Teledrive hub() throws Exception {
        return SiteAndHub.hearing(parts.startHub(Map.of("vehicle", "simulator@mute")), 1);
    }
}
