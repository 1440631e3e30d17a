package dev.teledrive.server.video;

import static dev.teledrive.server.support.ProtocolAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /video} on a real server with test cameras bound to the recording vehicle. */
class VideoIT {

    @TempDir
    Path tmp;

    private final TestCameras cameras = new TestCameras(
            new CameraSpec("front", RecordingVehicle.ID, "Front"), new CameraSpec("rear", RecordingVehicle.ID, "Rear"));
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aViewerGetsFramesWithTheirHeaderInOrderAndTheJpegDecodes() throws Exception {
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.watch("front");
            VideoClient.Frame first = v.frame();
            JsonNode h = first.header();
            assertEquals("front", h.path("camera").asText());
            assertEquals("jpeg", h.path("codec").asText());
            assertTrue(h.path("key").asBoolean());
            assertEquals(TestCameras.WIDTH, h.path("width").asInt());
            assertEquals(TestCameras.HEIGHT, h.path("height").asInt());
            assertTrue(h.path("t").isNumber());
            assertTrue(Math.abs(h.path("t").asDouble() - System.currentTimeMillis()) < 60_000, h.toString());
            assertArrayEquals(cameras.jpeg(), first.data());
            var image = ImageIO.read(new ByteArrayInputStream(first.data()));
            assertNotNull(image);
            assertEquals(TestCameras.WIDTH, image.getWidth());
            long seq = first.seq();
            for (int i = 0; i < 5; i++) {
                long next = v.frame().seq();
                assertTrue(next > seq, "seq " + next + " after " + seq);
                seq = next;
            }
        }
    }

    @Test
    void theCameraRunsExactlyWhileSomeoneWatchesAndViewersShareIt() throws Exception {
        VideoClient first = VideoClient.connect(server.video());
        first.watch("front");
        cameras.await("open front");
        assertEquals("demand front jpeg", cameras.next());
        first.frame();
        try (VideoClient second = VideoClient.connect(server.video())) {
            second.watch("front");
            second.frame();
            first.close(); // the second still watches: the camera keeps running
            VideoClient.Frame a = second.frame();
            assertTrue(second.frame().seq() > a.seq());
        }
        assertEquals("demand front -", cameras.next(), "the last viewer's socket closed");
        try (VideoClient again = VideoClient.connect(server.video())) {
            again.watch("front");
            assertEquals("demand front jpeg", cameras.next(), "opened once, demanded again");
            again.frame();
        }
        assertEquals("demand front -", cameras.next());
    }

    @Test
    void aLaterWatchSwitchesCamera() throws Exception {
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.watch("front");
            v.frame();
            v.watch("rear");
            cameras.await("demand front -");
            v.frameOf("rear");
            v.dropFrames();
            assertEquals("rear", v.frame().camera());
        }
    }

    @Test
    void badWatchesGetErrorsAndTheSocketStaysOpen() throws Exception {
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.send("{\"command\":\"watch\",\"camera\":\"nowhere\",\"id\":7}");
            JsonNode unknown = v.text();
            assertError(unknown, "vehicle_unavailable", 7);
            assertTrue(unknown.path("message").asText().contains("front, rear"), unknown.toString());
            v.send("{\"command\":\"watch\",\"camera\":");
            assertEquals("bad_json", v.text().path("code").asText());
            v.send("{\"command\":\"watch\",\"camera\":5}");
            assertEquals("bad_message", v.text().path("code").asText());
            v.send("{\"command\":\"watch\",\"camera\":\"front\",\"codec\":\"vp9\"}");
            assertEquals("bad_message", v.text().path("code").asText());
            v.send("{\"command\":\"drive\",\"id\":\"x\"}");
            assertError(v.text(), "unknown_command", "x");
            v.send("{\"command\":\"watch\",\"camera\":\"front\",\"camera\":\"rear\"}");
            assertEquals("bad_json", v.text().path("code").asText());
            v.watch("front");
            assertEquals("front", v.frame().camera());
        }
    }

    @Test
    void watchesAreRateLimited() throws Exception {
        try (VideoClient v = VideoClient.connect(server.video())) {
            for (int i = 0; i < 5; i++) {
                v.send("{\"command\":\"watch\",\"camera\":\"nowhere\",\"id\":" + i + "}");
                assertError(v.text(), "vehicle_unavailable", i);
            }
            v.send("{\"command\":\"watch\",\"camera\":\"front\",\"id\":5}");
            assertError(v.text(), "rate_limited", 5);
        }
    }

    @Test
    void hostAndStateShowTheVehiclesCameras() throws Exception {
        try (WsClient c = server.connect()) {
            JsonNode hello = c.next("hello");
            JsonNode recorder = vehicle(hello, RecordingVehicle.ID);
            assertEquals("[\"front\",\"rear\"]", recorder.path("cameras").toString());
            assertEquals(
                    "idle", recorder.path("cameraStatus").get(0).path("state").asText());
            assertTrue(recorder.path("cameraStatus").get(0).path("reason").isNull());
            for (JsonNode v : hello.path("vehicles")) {
                assertTrue(v.path("cameras").isArray() && v.path("cameraStatus").isArray(), v.toString());
            }
        }
    }

    @Test
    void anMjpegStreamIsMultipartWithALengthOnEveryPartAndLeavingReleasesTheCamera() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.teledrive().uri().resolve("/video/front.mjpg"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("multipart/x-mixed-replace"), type);
        String boundary = type.replaceFirst(".*boundary=", "");
        assertEquals(
                "nosniff",
                response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        try (InputStream in = response.body()) {
            for (int part = 0; part < 3; part++) {
                assertEquals("--" + boundary, line(in));
                Map<String, String> headers = new HashMap<>();
                for (String h; !(h = line(in)).isEmpty(); ) {
                    headers.put(
                            h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT),
                            h.substring(h.indexOf(':') + 1).trim());
                }
                assertEquals("image/jpeg", headers.get("content-type"));
                byte[] jpeg = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                assertArrayEquals(cameras.jpeg(), jpeg);
                assertNotNull(ImageIO.read(new ByteArrayInputStream(jpeg)));
                assertEquals("", line(in));
            }
        }
        cameras.await("demand front -");
    }

    @Test
    void theSimulatorPluginsOwnCameraStreams() throws Exception {
        try (WsClient c = server.connect()) {
            assertEquals(
                    "[\"simulator\"]",
                    vehicle(c.next("hello"), "simulator").path("cameras").toString());
        }
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.watch("simulator");
            VideoClient.Frame f = v.frame();
            assertEquals("simulator", f.camera());
            var image = ImageIO.read(new ByteArrayInputStream(f.data()));
            assertEquals(f.header().path("width").asInt(), image.getWidth());
        }
    }

    @Test
    void anUnknownCameraIsNotFound() throws Exception {
        assertEquals(404, server.get("/video/nowhere.mjpg").statusCode());
    }

    @Test
    void h264FromTheRealEncoderStartsWithAKeyFrame() throws Exception {
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.send("{\"command\":\"watch\",\"camera\":\"front\",\"codec\":\"h264\"}");
            VideoClient.Frame first = v.frame();
            assertEquals("h264", first.header().path("codec").asText());
            assertTrue(first.header().path("key").asBoolean(), first.header().toString());
            assertEquals(TestCameras.WIDTH, first.header().path("width").asInt());
            assertEquals(0, first.data()[0]); // Annex B: a start code first
            assertEquals(0, first.data()[1]);
            assertTrue(v.frame().seq() > first.seq());
        }
    }

    @Test
    void h264WithoutAnEncoderSaysWhy() throws Exception {
        server.close();
        server = TestServer.start(
                tmp.resolve("no-encoder"),
                c -> c,
                b -> b.camera("testcams", cameras).encoders(new EncoderUnavailable()));
        try (VideoClient v = VideoClient.connect(server.video())) {
            v.send("{\"command\":\"watch\",\"camera\":\"front\",\"codec\":\"h264\"}");
            JsonNode error = v.text();
            assertEquals("vehicle_unavailable", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("ffmpeg"), error.toString());
        }
    }

    /** One line of an HTTP stream, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the stream ended");
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static JsonNode vehicle(JsonNode helloOrState, String id) {
        for (JsonNode v : helloOrState.path("vehicles")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no vehicle " + id + " in " + helloOrState);
    }
}
