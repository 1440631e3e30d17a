package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.WsClient.inRole;
import static dev.teledrive.server.support.WsClient.showing;
import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.sites.SiteAnnouncement;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume whose token two sites hold: a client whose site fell silent (that site holds its place for
 * the grace) selected another site's vehicle and dropped there, and the first site came back. The
 * client expects the place it held last, the one it moved to, whichever site answers first. In the
 * first test the two sites are bare NATS clients that beat and answer the hub's {@code find} as the test
 * says, the site of the older place first; the second plays the whole scenario with real sites.
 */
class TwoHoldersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private SiteAndHub parts;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
    private final List<Connection> sites = new ArrayList<>();
    private Teledrive hub;

    @AfterEach
    void stop() throws Exception {
        beat.shutdownNow();
        try {
            if (hub != null) {
                hub.close();
            }
            for (Connection site : sites) {
                site.close();
            }
        } finally {
            if (parts != null) {
                parts.close();
            }
        }
    }

    @Test
    void aResumeWhoseTokenTwoSitesHoldGoesToTheYoungerPlaceThoughTheOlderAnswersFirst() throws Exception {
        parts = SiteAndHub.on(tmp).start(); // NATS alone: the sites here are bare NATS clients
        LinkedBlockingQueue<Message> older = site("older");
        LinkedBlockingQueue<Message> newer = site("newer");
        hub = SiteAndHub.hearing(parts.startHub(Map.of("vehicle", "simulator@older")), 2);
        try (WsClient client = SiteAndHub.client(hub)) {
            Message open = older.poll(10, TimeUnit.SECONDS);
            assertNotNull(open, "the hub opened the client's connection at a site");
            assertEquals(Relay.OPEN, relay(open).op(), "the client starts at the older place's site");
            String hubName = Subjects.sender(open.getSubject());
            client.next("hello"); // the hub's own, as the bare site says nothing

            client.send("{\"command\":\"resume\",\"token\":\"theClientsToken\",\"id\":1}");
            Relay askedOlder = next(older);
            Relay askedNewer = next(newer);
            assertEquals(Relay.FIND, askedOlder.op());
            assertEquals(
                    SiteTokens.forSite("newer", "theClientsToken"),
                    askedNewer.token(),
                    "each site is asked with its own token");
            assertEquals(SiteTokens.forSite("older", "theClientsToken"), askedOlder.token());
            sites.get(0)
                    .publish(
                            Subjects.siteToHub("older", hubName),
                            Relay.found(askedOlder.c(), Duration.ofSeconds(60)).encode());
            Thread.sleep(200); // the older place's answer is the first by far
            sites.get(1)
                    .publish(
                            Subjects.siteToHub("newer", hubName),
                            Relay.found(askedNewer.c(), Duration.ofSeconds(2)).encode());

            Relay opened = next(newer);
            assertEquals(Relay.OPEN, opened.op(), "the client moves to the site of its latest place");
            Relay resume = next(newer);
            assertEquals(opened.c(), resume.c());
            assertEquals(
                    "resume",
                    JSON.readTree(resume.text()).path("command").asText(),
                    "and its resume goes there: " + resume);
            for (Message m = older.poll(300, TimeUnit.MILLISECONDS);
                    m != null;
                    m = older.poll(300, TimeUnit.MILLISECONDS)) {
                Relay r = relay(m);
                JsonNode text = r.text() == null ? null : JSON.readTree(r.text());
                assertTrue(
                        text == null || !"resume".equals(text.path("command").asText()),
                        "the older place is not resumed: " + r);
            }
        }
    }

    @Test
    void aDriverWhoseSiteWasCutOffMovedToAnotherSiteAndDroppedResumesThereAfterTheFirstCameBack() throws Exception {
        parts = SiteAndHub.on(tmp).cluster().start();
        List<NatsServers.Node> nodes = parts.nats().nodes();
        // the older site only on the second node, cut off with it; the newer site and the hub on the first
        parts.startSite(
                "older",
                Map.of("turns.graceSeconds", "60", "nats.url", nodes.get(1).url()));
        parts.startSite(
                "newer",
                Map.of("turns.graceSeconds", "60", "nats.url", nodes.get(0).url()));
        hub = SiteAndHub.hearing(
                parts.startHub(Map.of(
                        "vehicle", "simulator@older", "nats.url", nodes.get(0).url())),
                2);
        String token;
        try {
            try (WsClient first = SiteAndHub.client(hub)) {
                JsonNode hello = first.next("hello");
                assertEquals("simulator@older", hello.path("selected").asText());
                assertEquals("driver", hello.path("role").asText());
                token = hello.path("resume").asText();

                parts.nats().freeze(1); // silent at the hub; the hub silent to it: it holds the place
                SiteAndHub.soon(first, showing("simulator@older", "unreachable"));
                assertEquals(
                        "ack",
                        first.request(1, "{\"command\":\"select\",\"vehicle\":\"simulator@newer\",\"id\":1}")
                                .path("type")
                                .asText());
                assertEquals(
                        "ack",
                        first.request(2, "{\"command\":\"claim\",\"id\":2}")
                                .path("type")
                                .asText());
                first.next(inRole("simulator@newer", "driver"));
            } // it drops at the newer site, which holds its seat
        } finally {
            parts.nats().thaw(1);
        }

        try (WsClient second = SiteAndHub.client(hub)) {
            SiteAndHub.soon(second, showing("simulator@older", "connected")); // back, still holding its place
            JsonNode resumed = second.request(3, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":3}");
            assertEquals("ack", resumed.path("type").asText(), resumed.toString());
            second.next(inRole("simulator@newer", "driver"));
        }
        try (WsClient local = parts.site("older").connect()) {
            assertTrue(
                    vehicleIn(local.next("hello"), "simulator").path("driven").asBoolean(),
                    "the older site held the token too, its seat kept for the grace");
        }
    }

    /** A bare site that beats with one vehicle, {@code simulator}; what the hub sends it. */
    private LinkedBlockingQueue<Message> site(String name) throws Exception {
        Connection site = Nats.connect(parts.nats().urls());
        sites.add(site);
        LinkedBlockingQueue<Message> heard = new LinkedBlockingQueue<>();
        site.createDispatcher(heard::add).subscribe(Subjects.anyHubToSite(name));
        var vehicle = new SiteAnnouncement.Vehicle(
                "simulator", "Simulator", true, "connected", false, 0, List.of(), "sim", null, List.of(), 0, false);
        byte[] announcement = JSON.writeValueAsBytes(new SiteAnnouncement(name, List.of(vehicle)));
        beat.scheduleAtFixedRate(
                () -> site.publish(Subjects.siteAlive(name), announcement), 0, 500, TimeUnit.MILLISECONDS);
        return heard;
    }

    private Relay next(LinkedBlockingQueue<Message> heard) throws InterruptedException, BusMessageException {
        Message m = heard.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "the hub sent the site something");
        return relay(m);
    }

    private static Relay relay(Message m) throws BusMessageException {
        return Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
    }
}
