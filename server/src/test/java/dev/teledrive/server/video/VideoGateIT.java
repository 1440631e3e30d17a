package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.CameraSpec;
import dev.teledrive.server.support.RawHttp;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestCameras;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.VideoClient;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video is gated like /ws: origin, Host, and connection caps of its own. */
class VideoGateIT {

    @TempDir
    Path tmp;

    private final TestCameras cameras = new TestCameras(new CameraSpec("front", RecordingVehicle.ID, "Front"));

    @Test
    void anotherOriginAndAnotherHostAreRefused() throws Exception {
        try (TestServer server = TestServer.start(tmp, c -> c, b -> b.camera("testcams", cameras))) {
            URI ws = server.ws();
            String own = "127.0.0.1:" + ws.getPort();
            String attacker = "attacker.example:" + ws.getPort();
            assertEquals(
                    403,
                    RawHttp.status(ws, "127.0.0.1", RawHttp.upgradeRequest("/video", own, "http://evil.example")),
                    "a page from another origin");
            assertEquals(
                    403,
                    RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/video/front.mjpg", attacker)),
                    "a rebinding page's stream");
            assertEquals(101, RawHttp.status(ws, "127.0.0.1", RawHttp.upgradeRequest("/video", own, "http://" + own)));
        }
    }

    @Test
    void videoConnectionsHaveCapsOfTheirOwn() throws Exception {
        try (TestServer server = TestServer.start(
                        tmp, c -> c.with("limits.connectionsPerAddress", "2"), b -> b.camera("testcams", cameras));
                VideoClient a = VideoClient.connect(server.video());
                VideoClient b = VideoClient.connect(server.video())) {
            a.watch("front");
            a.frame();
            b.watch("front");
            b.frame();
            URI ws = server.ws();
            String own = "127.0.0.1:" + ws.getPort();
            assertEquals(429, RawHttp.status(ws, "127.0.0.1", RawHttp.upgradeRequest("/video", own, null)));
            assertEquals(429, RawHttp.status(ws, "127.0.0.1", RawHttp.getRequest("/video/front.mjpg", own)));
            try (WsClient control = server.connect()) {
                control.next("hello"); // viewers never take a driver's place
            }
        }
    }
}
