package dev.teledrive.plugins.ffmpegcamera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.api.testkit.TestCameraContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration: which cameras exist, and each one's keys. */
class FfmpegCameraProviderTest {

    private final FfmpegCameraProvider provider = new FfmpegCameraProvider();

    @Test
    void noCamerasKeyOffersNoCameras() {
        assertEquals(List.of(), provider.cameras(new MapConfiguration(Map.of())));
        assertEquals(List.of(), provider.cameras(new MapConfiguration(Map.of("cameras", " , "))));
    }

    @Test
    void eachListedCameraBelongsToItsVehicle() {
        var config = new MapConfiguration(Map.of(
                "cameras", "front, rear",
                "camera.front.vehicle", "iracer-red",
                "camera.rear.vehicle", " simulator "));
        assertEquals(
                List.of(new CameraSpec("front", "iracer-red", "front"), new CameraSpec("rear", "simulator", "rear")),
                provider.cameras(config));
    }

    @Test
    void aMissingOrBadVehicleNamesItsKey() {
        var missing = assertThrows(
                IllegalArgumentException.class,
                () -> provider.cameras(new MapConfiguration(Map.of("cameras", "front"))));
        assertTrue(missing.getMessage().contains("'camera.front.vehicle' is missing"), missing.getMessage());
        var bad = assertThrows(
                IllegalArgumentException.class,
                () -> provider.cameras(
                        new MapConfiguration(Map.of("cameras", "front", "camera.front.vehicle", "My Car"))));
        assertTrue(bad.getMessage().contains("'camera.front.vehicle'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("My Car"), bad.getMessage());
    }

    @Test
    void aBadOrRepeatedCameraNameNamesTheCamerasKey() {
        var bad = assertThrows(
                IllegalArgumentException.class,
                () -> provider.cameras(new MapConfiguration(Map.of("cameras", "Front"))));
        assertTrue(bad.getMessage().startsWith("configuration key 'cameras': camera id 'Front'"), bad.getMessage());
        var twice = assertThrows(
                IllegalArgumentException.class,
                () -> provider.cameras(
                        new MapConfiguration(Map.of("cameras", "front,front", "camera.front.vehicle", "simulator"))));
        assertTrue(twice.getMessage().contains("lists 'front' twice"), twice.getMessage());
    }

    @Test
    void theCommandRunsTheInputToJpegOnStandardOutput() {
        var settings = CameraSettings.read(
                config(Map.of("camera.front.input", "-rtsp_transport tcp -i 'rtsp://cam/live 1'")), "front");
        assertEquals(
                String.join(
                        " ",
                        "ffmpeg -hide_banner -loglevel error -nostdin -fflags nobuffer -flags low_delay",
                        "-rtsp_transport tcp -i",
                        "rtsp://cam/live 1",
                        "-an -sn -vsync passthrough -c:v mjpeg -q:v 5 -threads 1 -f mjpeg -flush_packets 1 pipe:1"),
                String.join(" ", settings.command()));
        assertTrue(settings.command().contains("rtsp://cam/live 1"), "one argument, space and all");
    }

    @Test
    void qualityCopyAndTheExecutableAreRead() {
        var quality = CameraSettings.read(
                config(Map.of("camera.front.quality", "2", "camera.ffmpeg", "/opt/ffmpeg/bin/ffmpeg")), "front");
        assertEquals(2, quality.quality());
        assertEquals("/opt/ffmpeg/bin/ffmpeg", quality.command().get(0));
        var copy = CameraSettings.read(config(Map.of("camera.front.copy", "true")), "front");
        assertTrue(copy.copy());
        String command = String.join(" ", copy.command());
        assertTrue(command.contains("-c:v copy -f mjpeg"), command);
        assertTrue(!command.contains("-q:v"), command);
    }

    @Test
    void badKeysNameThemselves() {
        assertOpenFails(Map.of("camera.front.input", " "), "'camera.front.input' is missing");
        assertOpenFails(
                Map.of("camera.front.input", "-i 'rtsp://x"),
                "'camera.front.input' cannot be split into arguments: the single quote at column 4 is not closed");
        assertOpenFails(Map.of("camera.front.input", "-f v4l2 /dev/video0"), "'camera.front.input' must name an input");
        assertOpenFails(Map.of("camera.front.input", "-f v4l2 -i"), "'camera.front.input' must name an input");
        assertOpenFails(Map.of("camera.front.quality", "1"), "'camera.front.quality' must be from 2 (best) to 31");
        assertOpenFails(Map.of("camera.front.quality", "high"), "'camera.front.quality' must be a whole number");
        assertOpenFails(Map.of("camera.front.copy", "maybe"), "'camera.front.copy' must be true or false");
        assertOpenFails(
                Map.of("camera.front.copy", "true", "camera.front.quality", "3"),
                "'camera.front.quality' and 'camera.front.copy' conflict");
        assertOpenFails(Map.of("camera.ffmpeg", ""), "'camera.ffmpeg' is empty");
    }

    private void assertOpenFails(Map<String, String> keys, String expected) {
        var values = new HashMap<>(Map.of("camera.front.input", "-f lavfi -i testsrc2"));
        values.putAll(keys);
        var context = new TestCameraContext("front", "simulator", values);
        var e = assertThrows(CameraException.class, () -> provider.open(context));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static MapConfiguration config(Map<String, String> keys) {
        var values = new HashMap<>(Map.of("camera.front.input", "-f lavfi -i testsrc2"));
        values.putAll(keys);
        return new MapConfiguration(values);
    }
}
