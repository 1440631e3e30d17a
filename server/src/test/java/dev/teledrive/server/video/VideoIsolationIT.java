package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.server.support.RawWebSocket;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video never holds up anyone: not another viewer, not a control client, not the vehicle. */
class VideoIsolationIT {

    @TempDir
    Path tmp;

    @Test
    void aViewerThatNeverReadsDelaysNeitherAnotherViewerNorAControlClient() throws Exception {
        // Noise at 320x240 makes JPEGs of tens of KB: a few fill the stuck viewer's socket buffers.
        var cameras = new TestCameras(320, 240, new CameraSpec("big", RecordingVehicle.ID, "Big"));
        try (TestServer server = TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras));
                RawWebSocket stuck = RawWebSocket.connect(server.video());
                VideoClient healthy = VideoClient.connect(server.video());
                WsClient control = server.driveRecorder()) {
            stuck.writeTogether(RawWebSocket.textFrame("{\"command\":\"watch\",\"camera\":\"big\"}"));
            cameras.await("demand big jpeg");
            healthy.watch("big");
            long last = healthy.frame().seq();
            int frames = 0;
            int acks = 0;
            // Some 300 frames of ~60 KB: megabytes, far beyond what the stuck socket's buffers hold.
            for (int i = 0; i < 300; i++) {
                long seq = healthy.frame().seq();
                assertTrue(seq > last);
                last = seq;
                frames++;
                if (i % 6 == 0) {
                    JsonNode reply = control.request(i, "{\"command\":\"up\",\"id\":" + i + "}");
                    assertEquals("ack", reply.path("type").asText(), reply.toString());
                    acks++;
                }
            }
            assertEquals(300, frames);
            assertEquals(50, acks);
            assertTrue(cameras.jpeg().length > 20_000, "frames of " + cameras.jpeg().length + " bytes");
        }
    }

    @Test
    void aViewerThatFallsBehindGetsLighterCopiesOfTheSameFramesAndTheOthersKeepTheFullOnes() throws Exception {
        var cameras = new TestCameras(320, 240, new CameraSpec("big", RecordingVehicle.ID, "Big"));
        try (TestServer server = TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras));
                RawWebSocket lagging = RawWebSocket.connect(server.video());
                VideoClient healthy = VideoClient.connect(server.video())) {
            lagging.writeTogether(RawWebSocket.textFrame("{\"command\":\"watch\",\"camera\":\"big\"}"));
            cameras.await("demand big jpeg");
            healthy.watch("big");
            // While it reads nothing, its socket fills with a few frames of noise and it skips the rest.
            for (int i = 0; i < 60; i++) {
                assertEquals(320, healthy.frame().header().path("width").asInt(), "the others keep full frames");
            }
            long last = -1;
            VideoClient.Frame lighter = null;
            for (int i = 0; i < 500 && lighter == null; i++) {
                RawWebSocket.Frame message = lagging.read();
                VideoClient.Frame frame = VideoClient.parse(message.payload());
                assertTrue(frame.seq() > last, "frames still come in order");
                last = frame.seq();
                if (frame.header().path("width").asInt() == 160) {
                    lighter = frame;
                }
            }
            assertTrue(lighter != null, "the lagging viewer got a lighter copy");
            assertEquals(120, lighter.header().path("height").asInt());
            var image = ImageIO.read(new ByteArrayInputStream(lighter.data()));
            assertEquals(160, image.getWidth(), "a JPEG of half the width");
            assertTrue(lighter.data().length < cameras.jpeg().length, "and fewer bytes");
        }
    }

    @Test
    void aFailingCameraShowsInStateWithItsReasonAndDrivingGoesOn() throws Exception {
        var cameras = new TestCameras(new CameraSpec("front", RecordingVehicle.ID, "Front"));
        try (TestServer server = TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras));
                WsClient control = server.driveRecorder()) {
            cameras.refuseDemands("front", "the front camera is unplugged: plug it in");
            try (VideoClient v = VideoClient.connect(server.video())) {
                v.watch("front");
                JsonNode failed = control.next(m -> cameraState(m, "failed"));
                JsonNode status = VideoIT.vehicle(failed, RecordingVehicle.ID)
                        .path("cameraStatus")
                        .get(0);
                assertEquals(
                        "the front camera is unplugged: plug it in",
                        status.path("reason").asText());
                assertEquals(
                        "ack",
                        control.request(1, "{\"command\":\"up\",\"id\":1}")
                                .path("type")
                                .asText());
                server.recorder().await("up");
            }
            cameras.refuseDemands("front", null);
            try (VideoClient v = VideoClient.connect(server.video())) {
                v.watch("front"); // the next viewer tries again; the first frame clears the failure
                v.frame();
                JsonNode live = control.next(m -> cameraState(m, "live"));
                assertTrue(VideoIT.vehicle(live, RecordingVehicle.ID)
                        .path("cameraStatus")
                        .get(0)
                        .path("reason")
                        .isNull());
                // next() takes the oldest match: a state still showing the first failure (an audience
                // round, say) may wait here, older than the one this failure sends
                control.clear();
                cameras.fail("front", "the cable came loose");
                // A later round (another reason to send a state) may have repeated the first failure,
                // left unread above: wait for the failure with this reason, not for any failed state.
                control.next(m -> cameraState(m, "failed")
                        && "the cable came loose"
                                .equals(VideoIT.vehicle(m, RecordingVehicle.ID)
                                        .path("cameraStatus")
                                        .path(0)
                                        .path("reason")
                                        .asText()));
                cameras.await("demand front -");
            }
            assertEquals(
                    "ack",
                    control.request(2, "{\"command\":\"stop\",\"id\":2}")
                            .path("type")
                            .asText());
        }
    }

    private static boolean cameraState(JsonNode m, String state) {
        return "state".equals(m.path("type").asText())
                && state.equals(VideoIT.vehicle(m, RecordingVehicle.ID)
                        .path("cameraStatus")
                        .path(0)
                        .path("state")
                        .asText());
    }
}
