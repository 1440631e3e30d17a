package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.Relay;
import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.sites.SiteAnnouncement;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compromised car host cannot drive another site's car with what it learns of a hub's clients
 * (issue 24, "Security between the parts"). The site {@code evil} is a bare NATS client, scripted:
 * it beats, greets and acknowledges as a site does, and keeps every token a hub hands it, in
 * {@code open}, in {@code find} and in a {@code resume}. A client visits it, then drives at the real
 * site {@code home} and drops there. Its resume asks {@code evil} too, which lies that it holds the
 * younger place, so the resume comes to it and the seat at {@code home} stays held. Then the evil
 * site's operator, a client at the same public hub, offers each token it kept, as a hub-given token
 * and in the older {@code SITE.TOKEN} form: each is {@code not_resumable} (before hubs derived a token
 * per site, the first took the seat at {@code home}), and the client's own token still takes its
 * seat back there.
 */
class CompromisedSiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private SiteAndHub parts;
    private Connection evil;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
    /** Every token a hub handed the evil site. */
    private final Set<String> learned = ConcurrentHashMap.newKeySet();
    /** What handed it one: a relay op, or {@code resume} for a client's resume the hub sent it. */
    private final Set<String> handedIn = ConcurrentHashMap.newKeySet();
    /** Whether it has lied already: it answers its first {@code find} with a place younger than any. */
    private final AtomicBoolean lied = new AtomicBoolean();

    @AfterEach
    void stop() throws Exception {
        beat.shutdownNow();
        try {
            if (parts != null) {
                parts.hub().close(); // before the bare site, as SiteAndHub closes a real one
            }
            if (evil != null) {
                evil.close();
            }
        } finally {
            if (parts != null) {
                parts.close();
            }
        }
    }

    @Test
    void theTokensASiteIsHandedResumeNothingAtAnotherSite() throws Exception {
        parts = SiteAndHub.on(tmp)
                .site("home", Map.of("turns.graceSeconds", "60"))
                .start();
        evilSite();
        Teledrive hub = SiteAndHub.hearing(parts.startHub(Map.of("vehicle", "simulator@home")), 2);

        String token;
        try (WsClient client = SiteAndHub.client(hub)) {
            JsonNode hello = client.next("hello");
            assertEquals("simulator@home", hello.path("selected").asText(), hello.toString());
            assertEquals("driver", hello.path("role").asText());
            token = hello.path("resume").asText();

            // a visit to the evil site: the hub opens a connection there
            ack(client, 1, "{\"command\":\"select\",\"vehicle\":\"simulator@evil\",\"id\":1}");
            client.next(inRole("simulator@evil", "spectator"));
            ack(client, 2, "{\"command\":\"select\",\"vehicle\":\"simulator@home\",\"id\":2}");
            ack(client, 3, "{\"command\":\"claim\",\"id\":3}");
            client.next(inRole("simulator@home", "driver"));
        } // it drops at home, which holds its seat
        try (WsClient back = SiteAndHub.client(hub)) {
            back.next("hello");
            // every reachable site is asked; the evil one says it holds a younger place, and gets the resume
            ack(back, 4, resumeOf(4, token));
            back.next(inRole("simulator@evil", "spectator"));
        } // the seat at home is still held for the client's token

        assertEquals(
                Set.of(Relay.OPEN, Relay.FIND, "resume"),
                handedIn,
                "the evil site was handed tokens in open, find and resume");
        List<String> stolen = new ArrayList<>(learned);
        learned.forEach(t -> stolen.add("home" + HubMessages.TOKEN_SEPARATOR + t));
        try (WsClient thief = SiteAndHub.client(hub)) {
            thief.next("hello");
            int id = 10;
            for (String t : stolen) {
                JsonNode reply = thief.request(id, resumeOf(id, t));
                assertEquals("not_resumable", reply.path("code").asText(), "'" + t + "': " + reply);
                id++;
            }
        }
        assertFalse(learned.contains(token), "a site is never handed the client's own token");

        try (WsClient owner = SiteAndHub.client(hub)) {
            owner.next("hello");
            ack(owner, 20, resumeOf(20, token)); // the seat was kept for its owner
            owner.next(inRole("simulator@home", "driver"));
        }
    }

    private static void ack(WsClient client, int id, String json) throws Exception {
        JsonNode reply = client.request(id, json);
        assertEquals("ack", reply.path("type").asText(), json + ": " + reply);
    }

    private static String resumeOf(int id, String token) {
        return "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":" + id + "}";
    }

    /**
     * The compromised site: it beats with one vehicle, greets each connection a hub opens as a
     * spectator, acknowledges every command, holds nothing, and keeps every token it is handed.
     */
    private void evilSite() throws Exception {
        evil = Nats.connect(parts.nats().urls());
        evil.createDispatcher(this::evilHears).subscribe(Subjects.anyHubToSite("evil"));
        var vehicle = new SiteAnnouncement.Vehicle(
                "simulator", "Simulator", true, "connected", false, 0, List.of(), "sim", null, List.of(), 0, false);
        byte[] announcement = JSON.writeValueAsBytes(new SiteAnnouncement("evil", List.of(vehicle)));
        beat.scheduleAtFixedRate(
                () -> evil.publish(Subjects.siteAlive("evil"), announcement), 0, 500, TimeUnit.MILLISECONDS);
    }

    private void evilHears(Message m) {
        Relay relay;
        try {
            relay = Relay.decode(m.getData(), Hub.MAX_RELAY_BYTES);
        } catch (BusMessageException e) {
            throw new AssertionError(e);
        }
        String toHub = Subjects.siteToHub("evil", Subjects.sender(m.getSubject()));
        if (relay.token() != null) {
            learned.add(relay.token());
            handedIn.add(relay.op());
        }
        switch (relay.op()) {
            case Relay.OPEN ->
                evil.publish(toHub, Relay.text(relay.c(), hello()).encode());
            case Relay.FIND ->
                evil.publish(
                        toHub,
                        lied.compareAndSet(false, true)
                                ? Relay.found(relay.c(), Duration.ZERO).encode()
                                : Relay.none(relay.c()).encode());
            case Relay.TEXT -> {
                JsonNode command = command(relay.text());
                if ("resume".equals(command.path("command").asText())) {
                    learned.add(command.path("token").asText());
                    handedIn.add("resume");
                }
                JsonNode id = command.get("id");
                if (id != null) {
                    ObjectNode ack = JSON.createObjectNode().put("type", "ack");
                    ack.set("id", id);
                    evil.publish(toHub, Relay.text(relay.c(), ack.toString()).encode());
                }
            }
            default -> {
                // a close: nothing to do
            }
        }
    }

    private static String hello() {
        return "{\"type\":\"hello\",\"protocol\":3,\"role\":\"spectator\",\"vehicles\":[{\"id\":"
                + "\"simulator\",\"name\":\"Simulator\",\"connected\":true,\"state\":\"connected\","
                + "\"driven\":false,\"queue\":0,\"cameras\":[]}],\"selected\":\"simulator\",\"queue\":"
                + "{\"position\":0,\"length\":0},\"turnEndsAt\":null,\"spectators\":0,\"vocabulary\":[],"
                + "\"resume\":\"evil\"}";
    }

    private static JsonNode command(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
