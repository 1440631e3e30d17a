package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.support.TestCameras;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which cameras the server has: unique ids, providers that fail or offer none, plugins that leave. */
class CamerasTest {

    private final Cameras cameras =
            new Cameras(new MapConfiguration(Map.of()), Clock.systemUTC(), new EncoderUnavailable());

    @Test
    void aTakenIdIsSkippedAndTheRestInstalled() {
        var first = new TestCameras(new CameraSpec("front", "car", "Front"));
        var second = new TestCameras(new CameraSpec("front", "van", "Front"), new CameraSpec("side", "van", "Side"));
        assertEquals(List.of("front"), cameras.install(new LoadedCameraProvider("a", first)));
        assertEquals(List.of("side"), cameras.install(new LoadedCameraProvider("b", second)));
        assertEquals(List.of("front", "side"), cameras.ids());
        assertEquals("car", cameras.find("front").orElseThrow().vehicle());
        assertEquals(1, cameras.statusesOf("van").size());
        assertEquals(CameraStatus.State.IDLE, cameras.statusesOf("van").get(0).state());
    }

    @Test
    void aProviderWithNoCamerasIsFineAndOneThatThrowsIsSkipped() {
        var none = new TestCameras();
        CameraProvider broken = new CameraProvider() {
            @Override
            public List<CameraSpec> cameras(Configuration configuration) {
                throw new IllegalStateException("no config");
            }

            @Override
            public dev.teledrive.api.Camera open(dev.teledrive.api.CameraContext context) {
                throw new AssertionError();
            }
        };
        assertEquals(List.of(), cameras.install(new LoadedCameraProvider("none", none)));
        assertEquals(List.of(), cameras.install(new LoadedCameraProvider("broken", broken)));
        assertTrue(cameras.ids().isEmpty());
    }

    @Test
    void aPluginThatLeavesTakesItsCamerasAndTellsListeners() {
        int[] changes = {0};
        cameras.addListener(() -> changes[0]++);
        cameras.install(new LoadedCameraProvider("a", new TestCameras(new CameraSpec("front", "car", "Front"))));
        cameras.install(new LoadedCameraProvider("b", new TestCameras(new CameraSpec("rear", "car", "Rear"))));
        cameras.uninstall("a");
        assertEquals(List.of("rear"), cameras.ids());
        assertEquals(3, changes[0]);
        cameras.close();
        assertTrue(cameras.ids().isEmpty());
    }
}
