package dev.teledrive.server.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site serves a hub's connection in its own seats over a real nats-server. The hub is played by a
 * bare NATS client speaking the relay messages ({@link Relay}) a hub sends and hears.
 */
class HubLinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private NatsServers nats;
    private TestServer site;
    private Connection hub;
    private final BlockingQueue<Relay> fromSite = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        nats = NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of());
        site = TestServer.start(tmp, c -> c.with("site.name", "home").with("nats.url", nats.urls()));
        hub = Nats.connect(nats.urls());
        hub.createDispatcher(m -> fromSite.add(decode(m))).subscribe(Subjects.siteToHub("home", "h1"));
        hub.flush(Duration.ofSeconds(5));
        beats.scheduleAtFixedRate(
                () -> hub.publish(Subjects.hubAlive("h1"), "{}".getBytes(StandardCharsets.UTF_8)),
                0,
                500,
                TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        beats.shutdownNow();
        if (hub != null) {
            hub.close();
        }
        if (site != null) {
            site.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private static Relay decode(Message m) {
        try {
            return Relay.decode(m.getData(), 1 << 20);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void send(Relay relay) {
        hub.publish(Subjects.hubToSite("h1", "home"), relay.encode());
    }

    private JsonNode next(String connection, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Relay r = fromSite.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && connection.equals(r.c()) && Relay.TEXT.equals(r.op())) {
                JsonNode m = JSON.readTree(r.text());
                if (wanted.test(m)) {
                    return m;
                }
            }
        }
        throw new AssertionError("the site never sent that to " + connection);
    }

    private static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    @Test
    void aHubsConnectionDrivesInTheSitesOwnSeatAndStopsWhenTheHubFallsSilent() throws Exception {
        RecordingVehicle car = site.recorder();
        send(Relay.open("c1", "203.0.113.5"));
        JsonNode hello = next("c1", type("hello"));
        assertEquals(3, hello.path("protocol").asInt());
        assertEquals(
                "driver", hello.path("role").asText(), "the first connection anywhere drives, as on a plain server");

        send(Relay.text("c1", "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":1}"));
        assertEquals(
                "ack", next("c1", m -> m.path("id").asInt() == 1).path("type").asText());
        car.await("open");
        // A state with the watchers' count (AudienceRounds) may come before the select's own, which
        // carries the seat the driver takes along, and the select is answered before the vehicle is
        // connected (a drive before that is answered vehicle_unavailable): wait for both.
        next(
                "c1",
                m -> type("state").test(m)
                        && RecordingVehicle.ID.equals(m.path("selected").asText())
                        && "driver".equals(m.path("role").asText())
                        && "connected"
                                .equals(entry(m, RecordingVehicle.ID)
                                        .path("state")
                                        .asText()));
        send(Relay.text("c1", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":2}"));
        assertEquals(
                "ack", next("c1", m -> m.path("id").asInt() == 2).path("type").asText(), "the ack comes from the site");
        car.await("drive");

        try (WsClient local = site.connect()) {
            local.next("hello");
            local.request(3, "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":3}");
            JsonNode seen = local.next("state");
            assertEquals("spectator", seen.path("role").asText(), "one seat for local and hub connections alike");
            assertTrue(entry(seen, RecordingVehicle.ID).path("driven").asBoolean());
            assertEquals(
                    "ack",
                    local.request(4, "{\"command\":\"claim\",\"id\":4}")
                            .path("type")
                            .asText());
            assertEquals(
                    1,
                    local.next(m -> "queued".equals(m.path("role").asText()))
                            .path("queue")
                            .path("position")
                            .asInt());
            assertEquals(
                    2,
                    next(
                                    "c1",
                                    m -> type("state").test(m)
                                            && m.path("queue").path("length").asInt() == 1)
                            .path("spectators")
                            .asInt());

            beats.shutdownNow(); // the hub dies
            car.await("stop"); // within the hub silence, then the seat is held for resume
        }
    }

    @Test
    void aHubThatWasOnlyCutOffIsToldItsConnectionsEndedSoItsClientsReconnectAndResume() throws Exception {
        send(Relay.open("c1", "203.0.113.5"));
        next("c1", type("hello"));
        beats.shutdownNow(); // cut off: the hub lives on but the site hears nothing from it
        assertEquals(1001, nextClose("c1").code(), "the site says the connection ended, for when the hub is back");

        fromSite.clear();
        send(Relay.text("c1", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":1}"));
        assertEquals(1001, nextClose("c1").code(), "a frame for a connection that ended here is answered by its end");
    }

    @Test
    void aConnectionOpenedWithItsHubsTokenIsHeldUnderItAndAReturningHubTakesThePlaceBackWithIt() throws Exception {
        String token = "hubGivenToken0123456789";
        RecordingVehicle car = site.recorder();
        send(Relay.open("c1", "203.0.113.5", RecordingVehicle.ID, true, token));
        JsonNode hello = next("c1", type("hello"));
        assertEquals(token, hello.path("resume").asText(), "the hub's token for its client, not one of the site's");
        assertEquals("driver", hello.path("role").asText());
        send(Relay.text("c1", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":1}"));
        next("c1", m -> m.path("id").asInt() == 1);
        car.await("drive");

        send(Relay.find("f1", token));
        assertEquals(Relay.FOUND, nextAnswer("f1").op(), "a live connection with the token counts: a resume ends it");
        send(Relay.close("c1", null)); // the site fell silent at the hub: the hub let go of it
        car.await("stop");
        send(Relay.find("f2", token));
        assertEquals(Relay.FOUND, nextAnswer("f2").op(), "its place is held under the hub's token");
        send(Relay.find("f3", "someOtherToken"));
        assertEquals(Relay.NOT_FOUND, nextAnswer("f3").op());

        // The site is back: the hub opens a connection with its client's token again, then resumes with it.
        send(Relay.open("c2", "203.0.113.5", RecordingVehicle.ID, false, token));
        assertEquals(token, next("c2", type("hello")).path("resume").asText());
        resumeAsDriver("c2", token, 2);

        // Silent again, and this time the hub's close is lost on the way: the hub's next connection for
        // the same client ends the old one as a dropped connection (its car stops, its place is held),
        // and keeps the client's token, so a later resume of the client's own finds it.
        send(Relay.text("c2", "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":3}"));
        next("c2", m -> m.path("id").asInt() == 3);
        car.await("drive");
        send(Relay.open("c3", "203.0.113.5", RecordingVehicle.ID, false, token));
        assertEquals(
                1000, nextClose("c2").code(), "the hub hears the old connection ended, before the new one's hello");
        assertEquals(token, next("c3", type("hello")).path("resume").asText());
        car.await("stop");
        resumeAsDriver("c3", token, 4);
        send(Relay.close("c2", null)); // the lost close, late: changes nothing
        send(Relay.find("f4", token));
        assertEquals(Relay.FOUND, nextAnswer("f4").op(), "c3 has the token");

        send(Relay.close("c3", Relay.CLOSE_LEFT)); // its client moved to another site, after a release
        send(Relay.find("f5", token));
        assertEquals(
                Relay.NOT_FOUND, nextAnswer("f5").op(), "a client that left for another site is held nowhere here");
    }

    private void resumeAsDriver(String connection, String token, int id) throws Exception {
        send(Relay.text(connection, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":" + id + "}"));
        assertEquals(
                "ack",
                next(connection, m -> m.path("id").asInt() == id).path("type").asText());
        next(
                connection,
                m -> type("state").test(m) && "driver".equals(m.path("role").asText()));
    }

    @Test
    void aFoundSaysHowLongAgoTheConnectionHoldingThePlaceJoinedSoAHubCanTellWhichPlaceIsLater() throws Exception {
        send(Relay.open("c1", "203.0.113.5", RecordingVehicle.ID, true, "earlierToken0123456789"));
        next("c1", type("hello"));
        Thread.sleep(200); // the time a client spends at one site before it joins another
        send(Relay.open("c2", "203.0.113.6", RecordingVehicle.ID, false, "laterToken0123456789"));
        next("c2", type("hello"));
        send(Relay.find("f1", "laterToken0123456789"));
        Relay open = nextAnswer("f1");
        send(Relay.close("c1", null)); // both dropped: their places are held
        send(Relay.close("c2", null));
        send(Relay.find("f2", "earlierToken0123456789"));
        send(Relay.find("f3", "laterToken0123456789"));
        Relay earlier = nextAnswer("f2");
        Relay later = nextAnswer("f3");

        assertEquals(Relay.FOUND, open.op());
        assertNotNull(open.age(), "an open connection's place has an age too: " + open);
        assertEquals(Relay.FOUND, earlier.op());
        assertEquals(Relay.FOUND, later.op());
        assertTrue(
                later.age() < earlier.age(),
                "the place whose connection joined later is younger: " + later + " " + earlier);
        send(Relay.find("f4", "someOtherToken"));
        assertNull(nextAnswer("f4").age(), "none has no age");
    }

    private Relay nextAnswer(String search) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Relay r = fromSite.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && search.equals(r.c())) {
                return r;
            }
        }
        throw new AssertionError("the site never answered " + search);
    }

    private Relay nextClose(String connection) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Relay r = fromSite.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && connection.equals(r.c()) && Relay.CLOSE.equals(r.op())) {
                return r;
            }
        }
        throw new AssertionError("the site never ended " + connection);
    }

    private static JsonNode entry(JsonNode state, String id) {
        for (JsonNode v : state.path("vehicles")) {
            if (id.equals(v.path("id").asText())) {
                return v;
            }
        }
        throw new AssertionError("no vehicle " + id + " in " + state);
    }
}
