package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.WsClient.vehicleIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** While set, the site stops beating too: the hub calls it silent after 3 s. */
    private final AtomicBoolean dead = new AtomicBoolean();

    private Teledrive hub;
    /** What the hubs send the site, in order. */
    private final LinkedBlockingQueue<io.nats.client.Message> toSite = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        parts = SiteAndHub.on(tmp).start(); // NATS alone: the site here is a bare NATS client
        site = Nats.connect(parts.nats().urls());
        site.createDispatcher(toSite::add).subscribe(Subjects.anyHubToSite("mute"));
        var vehicle = new SiteAnnouncement.Vehicle(
                "simulator", "Simulator", true, "connected", false, 0, List.of(), "sim", null, List.of(), 0, false);
        byte[] announcement = JSON.writeValueAsBytes(new SiteAnnouncement("mute", List.of(vehicle)));
        beat.scheduleAtFixedRate(
                () -> {
                    if (!dead.get()) {
                        site.publish(Subjects.siteAlive("mute"), announcement);
                    }
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
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
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            io.nats.client.Message open = awaitOpen();
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

    @Test
    void afterTheHubsOwnGreetingTheClientsCommandsAreAnsweredAtTheHubNotLostAtTheMuteSite() throws Exception {
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            io.nats.client.Message open = awaitOpen();
            Relay opened = Relay.decode(open.getData(), Hub.MAX_RELAY_BYTES);
            client.next("hello"); // the hub's own: the site still beats, and says nothing

            JsonNode claim = client.request(5, "{\"command\":\"claim\",\"id\":5}");
            assertEquals("vehicle_unavailable", claim.path("code").asText(), claim.toString());
            assertTrue(claim.path("message").asText().contains("'mute'"), "names the site: " + claim);
            assertEquals(
                    "pong",
                    client.request(6, "{\"command\":\"ping\",\"t\":1,\"id\":6}")
                            .path("type")
                            .asText(),
                    "the hub answers a ping itself");
            for (var m = toSite.poll(300, TimeUnit.MILLISECONDS);
                    m != null;
                    m = toSite.poll(300, TimeUnit.MILLISECONDS)) {
                Relay relay = Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
                assertTrue(!Relay.TEXT.equals(relay.op()), "nothing was sent to the mute site: " + relay);
            }

            assertEquals(
                    "{\"command\":\"claim\",\"id\":7}",
                    speakUpAndClaim(open, opened, client).text());
        }
    }

    @Test
    void aLateCloseForTheConnectionTheHubDroppedDoesNotEndTheClientAtTheSiteItRejoined() throws Exception {
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            io.nats.client.Message open = awaitOpen();
            String hub = Subjects.sender(open.getSubject());
            Relay first = Relay.decode(open.getData(), Hub.MAX_RELAY_BYTES);
            String hello = "{\"type\":\"hello\",\"protocol\":3,\"role\":\"driver\",\"vehicles\":[],"
                    + "\"selected\":\"simulator\",\"vocabulary\":[],\"resume\":\"t1\"}";
            site.publish(
                    Subjects.siteToHub("mute", hub),
                    Relay.text(first.c(), hello).encode());
            assertEquals("simulator@mute", client.next("hello").path("selected").asText());

            dead.set(true); // silent for 3 s: the hub drops the connection there, the site holds the place
            client.next(m -> "unreachable"
                    .equals(vehicleIn(m, "simulator@mute").path("state").asText()));
            toSite.clear();
            dead.set(false);
            Relay again = null;
            for (var m = toSite.poll(10, TimeUnit.SECONDS); again == null && m != null; ) {
                Relay r = Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
                if (Relay.OPEN.equals(r.op())) {
                    again = r;
                } else {
                    m = toSite.poll(10, TimeUnit.SECONDS);
                }
            }
            assertTrue(again != null, "the hub joined the site again when it was heard");
            // The site ended the connection the hub dropped (silence both ways) and says so late.
            site.publish(
                    Subjects.siteToHub("mute", hub),
                    Relay.close(first.c(), 1001).encode());
            String state = "{\"type\":\"state\",\"role\":\"driver\",\"vehicles\":[],\"selected\":\"simulator\"}";
            site.publish(
                    Subjects.siteToHub("mute", hub),
                    Relay.text(again.c(), state).encode());
            client.next(m -> "state".equals(m.path("type").asText())
                    && "driver".equals(m.path("role").asText()));
            toSite.clear();
            client.send("{\"command\":\"claim\",\"id\":9}");
            io.nats.client.Message carried = toSite.poll(10, TimeUnit.SECONDS);
            assertTrue(carried != null, "the client is still carried: the close was for the connection the hub left");
            assertEquals(
                    again.c(),
                    Relay.decode(carried.getData(), Hub.MAX_RELAY_BYTES).c());
            assertTrue(!client.isClosed(), "the client is still connected");
        }
    }

    @Test
    void aSelectAtTheMuteSiteIsAnsweredAtTheHubAndTheClientStaysWhereItIs() throws Exception {
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            io.nats.client.Message open = awaitOpen();
            Relay opened = Relay.decode(open.getData(), Hub.MAX_RELAY_BYTES);
            client.next("hello"); // the hub's own: the site still beats, and says nothing

            for (String vehicle : List.of("simulator@mute", "another@mute")) {
                JsonNode select = client.request(
                        vehicle, "{\"command\":\"select\",\"vehicle\":\"" + vehicle + "\",\"id\":\"" + vehicle + "\"}");
                assertEquals("vehicle_unavailable", select.path("code").asText(), select.toString());
                assertTrue(select.path("message").asText().contains("'mute'"), "names the site: " + select);
            }
            assertNothingSentButTheOpen();

            // The client is still at its connection there: once the site speaks, its commands go there.
            Relay claim = speakUpAndClaim(open, opened, client);
            assertEquals(opened.c(), claim.c(), "on the connection the hub opened first");
            assertEquals("{\"command\":\"claim\",\"id\":7}", claim.text());
        }
    }

    @Test
    void aSelectOfAVehicleOfAnUnreachableSiteIsAnsweredAtTheHubAndNothingReachesTheSite() throws Exception {
        hub = hub();
        try (WsClient client = SiteAndHub.client(hub)) {
            awaitOpen();
            client.next("hello");
            dead.set(true); // silent for 3 s: unreachable
            client.next(m -> "unreachable"
                    .equals(vehicleIn(m, "simulator@mute").path("state").asText()));
            toSite.clear();

            JsonNode select = client.request(8, "{\"command\":\"select\",\"vehicle\":\"simulator@mute\",\"id\":8}");
            assertEquals("vehicle_unavailable", select.path("code").asText(), select.toString());
            assertTrue(select.path("message").asText().contains("'mute'"), "names the site: " + select);
            for (var m = toSite.poll(300, TimeUnit.MILLISECONDS);
                    m != null;
                    m = toSite.poll(300, TimeUnit.MILLISECONDS)) {
                Relay relay = Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
                // the hub's close of its connection there, as the site fell silent, may come late
                assertEquals(Relay.CLOSE, relay.op(), "no open and no frame reached the silent site: " + relay);
            }
            assertTrue(!client.isClosed(), "the client is still connected");
        }
    }

    /** Nothing but the hub's first {@code open} (already taken) reached the site: no frame, no other open or close. */
    private void assertNothingSentButTheOpen() throws Exception {
        for (var m = toSite.poll(300, TimeUnit.MILLISECONDS); m != null; m = toSite.poll(300, TimeUnit.MILLISECONDS)) {
            fail("nothing more reached the mute site: " + Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES));
        }
    }

    private Teledrive hub() throws Exception {
        return SiteAndHub.hearing(parts.startHub(Map.of("vehicle", "simulator@mute")), 1);
    }

    /** The hub's {@code open} of its client's connection at the site. */
    private io.nats.client.Message awaitOpen() throws InterruptedException {
        io.nats.client.Message open = toSite.poll(10, TimeUnit.SECONDS);
        assertTrue(open != null, "the hub opened the client's connection at the site");
        return open;
    }

    /**
     * The mute site speaks up at last (its hello to the connection the hub {@code opened}), and the
     * client's {@code claim} that follows reaches it: returns what the site got.
     */
    private Relay speakUpAndClaim(io.nats.client.Message open, Relay opened, WsClient client) throws Exception {
        String hello = "{\"type\":\"hello\",\"protocol\":3,\"role\":\"spectator\",\"vehicles\":[],"
                + "\"selected\":\"simulator\",\"vocabulary\":[],\"resume\":\"late\"}";
        site.publish(
                Subjects.siteToHub("mute", Subjects.sender(open.getSubject())),
                Relay.text(opened.c(), hello).encode());
        client.next(m -> "simulator@mute".equals(m.path("selected").asText()));
        client.send("{\"command\":\"claim\",\"id\":7}");
        io.nats.client.Message m = toSite.poll(10, TimeUnit.SECONDS);
        assertTrue(m != null, "a site that spoke up gets the client's commands again");
        return Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
    }
}
