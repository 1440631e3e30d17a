package dev.teledrive.server.hubs;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static dev.teledrive.server.support.SiteAndHub.client;
import static dev.teledrive.server.support.SiteAndHub.hearing;
import static dev.teledrive.server.support.SiteAndHub.soon;
import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL.md, "Resume", across sites and hubs: the token of a client's {@code hello} at a hub takes
 * its place back wherever that place is now, at another hub, after the client moved to another
 * site's vehicle (the place is no longer at the site that greeted it).
 */
class HubResumeIT {

    @TempDir
    Path tmp;

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    private Teledrive one;
    private Teledrive two;

    @BeforeEach
    void start() throws Exception {
        parts = SiteAndHub.on(tmp).site("a").site("b").hub().hub().start();
        one = hearing(parts.hub(0), 2);
        two = hearing(parts.hub(1), 2);
    }

    @Test
    void theFirstHellosTokenResumesADriverWhoMovedToAnotherSiteThroughAnotherHub() throws Exception {
        RecordingVehicle car = parts.site("b").recorder();
        String token;
        try (WsClient c = client(one)) {
            JsonNode hello = c.next("hello");
            token = hello.path("resume").asText();
            assertEquals("simulator@a", hello.path("selected").asText(), "greeted by site a");
            c.selectConnected("recorder@b"); // a move: site a lets go of it, site b has it now
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"claim\",\"id\":1}")
                            .path("type")
                            .asText());
            c.next(inRole("recorder@b", "driver"));
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}")
                            .path("type")
                            .asText());
            car.await("drive");
        }
        car.await("stop"); // its socket went: the car stops at once, the seat at b is held

        try (WsClient again = client(two)) {
            again.next("hello");
            assertEquals(
                    "ack",
                    again.request(3, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":3}")
                            .path("type")
                            .asText(),
                    "the first hello's token finds the place at site b, though site a gave the hello");
            soon(again, inRole("recorder@b", "driver"));
            assertEquals(
                    "ack",
                    again.request(4, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":4}")
                            .path("type")
                            .asText());
            car.await("drive");

            JsonNode spent = again.request(5, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":5}");
            assertError(spent, "not_resumable", 5);
            assertError(
                    again.request(6, "{\"command\":\"resume\",\"token\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"id\":6}"),
                    "not_resumable",
                    6);
            assertError(
                    again.request(7, "{\"command\":\"resume\",\"token\":\"not a token!\",\"id\":7}"),
                    "not_resumable",
                    7);
            assertEquals(
                    "ack",
                    again.request(8, "{\"command\":\"drive\",\"throttle\":0.2,\"steer\":0,\"id\":8}")
                            .path("type")
                            .asText(),
                    "a refused resume leaves the connection as it was: it still drives");
            car.await("drive");
        }
    }

    @Test
    void aClientThatMovedBackAndForthResumesWhereItIsNowNotWhereItWas() throws Exception {
        RecordingVehicle atA = parts.site("a").recorder();
        String token;
        try (WsClient c = client(one)) {
            token = c.next("hello").path("resume").asText();
            c.selectConnected("recorder@b");
            c.selectConnected("recorder@a"); // back at a: b let it go, a has it again under the same token
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"claim\",\"id\":1}")
                            .path("type")
                            .asText());
            c.next(inRole("recorder@a", "driver"));
            c.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}");
            atA.await("drive");
        }
        atA.await("stop");

        try (WsClient again = client(two)) {
            again.next("hello");
            assertEquals(
                    "ack",
                    again.request(3, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":3}")
                            .path("type")
                            .asText());
            soon(again, inRole("recorder@a", "driver"));
        }
    }
}
