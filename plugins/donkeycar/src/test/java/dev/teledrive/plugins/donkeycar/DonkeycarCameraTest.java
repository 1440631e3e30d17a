package dev.teledrive.plugins.donkeycar;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Camera;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import dev.teledrive.api.testkit.TestCameraContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The car's /video as a camera, against the fake Donkeycar's stream. */
class DonkeycarCameraTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Set<VideoCodec> JPEG = Set.of(VideoCodec.JPEG);

    private FakeDonkeycar car;

    @BeforeEach
    void start() throws Exception {
        car = FakeDonkeycar.start();
    }

    @AfterEach
    void stop() throws Exception {
        car.close();
    }

    @Test
    void deliversTheCarsPicturesWhileWatchedAndClosesTheStreamWhenNobodyIs() throws Exception {
        var context = context(Map.of());
        Camera camera = DonkeycarCarTest.provider().open(context);
        assertEquals(0, car.videoRequests(), "nothing is read before anybody watches");
        camera.demand(JPEG);
        VideoFrame first = context.nextFrame(WAIT);
        VideoFrame second = context.nextFrame(WAIT);
        VideoFrame third = context.nextFrame(WAIT);
        assertEquals(FakeDonkeycar.WIDTH, first.width());
        assertEquals(FakeDonkeycar.HEIGHT, first.height());
        assertTrue(second.captured().isAfter(first.captured()), "stamped as they arrive, in order");
        // The car sends each picture three times; only the changes come through.
        assertFalse(Arrays.equals(first.data(), second.data()));
        assertFalse(Arrays.equals(second.data(), third.data()));
        assertArrayEquals(first.data(), third.data());
        assertTrue(
                Arrays.equals(FakeDonkeycar.picture(0), first.data())
                        || Arrays.equals(FakeDonkeycar.picture(1), first.data()),
                "the car's own bytes, untouched");
        assertEquals(1, car.openVideoStreams());

        camera.demand(Set.of());
        await().atMost(WAIT).until(() -> car.openVideoStreams() == 0);
        context.clearFrames();
        camera.demand(JPEG);
        context.nextFrame(WAIT);
        camera.close();
        await().atMost(WAIT).until(() -> car.openVideoStreams() == 0);
        assertEquals(2, car.videoRequests());
        assertTrue(context.failures().isEmpty(), context.failures().toString());
    }

    @Test
    void aPageInsteadOfAStreamFailsWithTheReason() throws Exception {
        car.serve(FakeDonkeycar.Video.HTML);
        assertEquals("not an MJPEG stream", firstFailure(Map.of(), "not an MJPEG stream"));
    }

    @Test
    void partsThatAreNotPicturesFailWithTheReason() throws Exception {
        car.serve(FakeDonkeycar.Video.GARBAGE);
        firstFailure(Map.of(), "is broken: it is not an MJPEG stream: a part is not a JPEG picture");
    }

    @Test
    void aMissingStreamFailsWithTheStatusAndTheKeyToCheck() throws Exception {
        car.serve(FakeDonkeycar.Video.MISSING);
        firstFailure(Map.of(), "answered HTTP 404: check the car's video key");
    }

    @Test
    void aStreamThatFreezesIsOpenedAgain() throws Exception {
        car.serve(FakeDonkeycar.Video.FROZEN);
        var context = context(Map.of());
        Camera camera = DonkeycarCarTest.provider().open(context); // stall: 2 s
        camera.demand(JPEG);
        context.nextFrame(WAIT);
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        assertTrue(
                context.failures().get(0).contains("sent no picture for 2.0 s"),
                context.failures().toString());
        await().atMost(WAIT).until(() -> car.videoRequests() >= 2);
        camera.close();
    }

    @Test
    void aCarThatIsOffFailsAndRecoversWhenItComesBack() throws Exception {
        car.stop();
        var context = context(Map.of());
        Camera camera = DonkeycarCarTest.provider().open(context);
        camera.demand(JPEG);
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        assertTrue(
                context.failures().get(0).contains("nothing answers at " + car.videoUrl()),
                context.failures().toString());
        car.restart();
        context.nextFrame(WAIT);
        await().atMost(WAIT).until(() -> context.recoveries() >= 1);
        camera.close();
    }

    @Test
    void anOverriddenVideoUrlIsUsed() throws Exception {
        var context = context(Map.of(
                "donkeycar.url",
                "ws://127.0.0.1:1/wsDrive",
                "donkeycar.video",
                car.videoUrl().toString()));
        Camera camera = DonkeycarCarTest.provider().open(context);
        camera.demand(JPEG);
        context.nextFrame(WAIT);
        camera.close();
    }

    private String firstFailure(Map<String, String> more, String expected) throws Exception {
        var context = context(more);
        Camera camera = DonkeycarCarTest.provider().open(context);
        camera.demand(JPEG);
        await().atMost(WAIT).until(() -> !context.failures().isEmpty());
        camera.close();
        String reason = context.failures().get(0);
        assertTrue(reason.contains(expected), reason);
        assertTrue(reason.contains("trying again"), reason);
        return expected;
    }

    private TestCameraContext context(Map<String, String> more) {
        var keys = new java.util.HashMap<String, String>();
        keys.put("donkeycar.url", car.driveUrl().toString());
        keys.putAll(more);
        return new TestCameraContext("donkeycar", "donkeycar", keys);
    }
}
