package dev.teledrive.server.video;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where tokens guard the server, video opens with a ticket from /ws and only while it is valid. */
class VideoTicketsIT {

    @TempDir
    Path tmp;

    /** The system's clock, moved forward by the test. */
    private static final class MovableClock extends Clock {
        final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    }

    @Test
    void videoNeedsAValidTicketWhereTokensAreOn() throws Exception {
        var cameras = new TestCameras(new CameraSpec("front", RecordingVehicle.ID, "Front"));
        var clock = new MovableClock();
        try (TestServer server = TestServer.start(
                        tmp,
                        c -> c.with("driverToken", "drive").with("spectatorToken", "watch"),
                        b -> b.camera("testcams", cameras).clock(clock));
                WsClient c = server.connect()) {
            c.next("hello");
            assertError(c.request(1, "{\"command\":\"ticket\",\"id\":1}"), "unauthorized", 1);
            c.request(2, "{\"command\":\"auth\",\"token\":\"watch\",\"id\":2}");
            long before = clock.millis();
            JsonNode ticket = c.request(3, "{\"command\":\"ticket\",\"id\":3}");
            assertEquals("ticket", ticket.path("type").asText());
            String value = ticket.path("ticket").asText();
            assertTrue(value.matches("[A-Za-z0-9_-]{22,}"), value);
            assertTrue(ticket.path("expiresAt").asLong() >= before + 60_000, ticket.toString());

            try (VideoClient v = VideoClient.connect(server.video())) {
                v.send("{\"command\":\"watch\",\"camera\":\"front\",\"id\":1}");
                assertError(v.text(), "unauthorized", 1);
                v.send("{\"command\":\"watch\",\"camera\":\"front\",\"ticket\":\"guess\",\"id\":2}");
                assertError(v.text(), "unauthorized", 2);
                v.send("{\"command\":\"watch\",\"camera\":\"front\",\"ticket\":\"" + value + "\"}");
                assertEquals("front", v.frame().camera());
            }
            assertEquals(401, server.get("/video/front.mjpg").statusCode());
            assertEquals(401, server.get("/video/front.mjpg?ticket=guess").statusCode());
            assertEquals(404, server.get("/video/nowhere.mjpg?ticket=" + value).statusCode());
            var stream = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            server.teledrive().uri().resolve("/video/front.mjpg?ticket=" + value))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            stream.body().close();

            clock.offsetMillis.addAndGet(121_000);
            try (VideoClient v = VideoClient.connect(server.video())) {
                v.send("{\"command\":\"watch\",\"camera\":\"front\",\"ticket\":\"" + value + "\",\"id\":3}");
                JsonNode expired = v.text();
                assertError(expired, "unauthorized", 3);
                assertTrue(expired.path("message").asText().contains("expired"), expired.toString());
            }
            assertEquals(401, server.get("/video/front.mjpg?ticket=" + value).statusCode());
        }
    }
}
