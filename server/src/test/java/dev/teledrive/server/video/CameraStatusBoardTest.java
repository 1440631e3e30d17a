package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.VideoCodec;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A failure stays shown until a frame proves the camera delivers again; every change is told once. */
class CameraStatusBoardTest {

    private final AtomicInteger told = new AtomicInteger();
    private final CameraStatusBoard board = new CameraStatusBoard("front", "car", told::incrementAndGet);

    private CameraStatus.State state() {
        return board.current().state();
    }

    @Test
    void startsIdleAndTellsEachChangeOnce() {
        assertEquals(CameraStatus.State.IDLE, state());
        board.live();
        board.live();
        assertEquals(CameraStatus.State.LIVE, state());
        assertEquals(1, told.get());
        board.idle();
        assertEquals(CameraStatus.State.IDLE, state());
        assertEquals(2, told.get());
    }

    @Test
    void aCameraFailureOutlastsARetryAndIdleUntilAFrameOfAnyCodec() {
        board.cameraFailed("unplugged");
        board.live();
        board.idle();
        assertEquals(CameraStatus.State.FAILED, state());
        assertEquals("unplugged", board.current().reason());

        board.delivered(VideoCodec.JPEG, true);
        assertEquals(CameraStatus.State.LIVE, state());
        assertEquals(null, board.current().reason());
        assertEquals(2, told.get());
    }

    @Test
    void anEncoderFailureIsClearedOnlyByAnH264Frame() {
        board.live();
        board.encoderFailed("install ffmpeg");
        board.delivered(VideoCodec.JPEG, true);
        assertEquals(CameraStatus.State.FAILED, state());

        board.delivered(VideoCodec.H264, true);
        assertEquals(CameraStatus.State.LIVE, state());
    }

    @Test
    void aFrameNobodyWatchesClearsNothing() {
        board.cameraFailed("unplugged");
        board.delivered(VideoCodec.JPEG, false);
        assertEquals(CameraStatus.State.FAILED, state());
    }

    @Test
    void theCamerasOwnRecoveryClearsItsFailureButNotTheEncoders() {
        board.encoderFailed("install ffmpeg");
        board.delivered(null, true);
        assertEquals(CameraStatus.State.FAILED, state());

        board.cameraFailed("unplugged");
        board.delivered(null, true);
        assertEquals(CameraStatus.State.LIVE, state());
    }

    @Test
    void aCameraFailureAfterAnEncoderFailureIsClearedByAnyFrame() {
        board.encoderFailed("install ffmpeg");
        board.cameraFailed("unplugged");
        board.delivered(VideoCodec.JPEG, true);
        assertEquals(CameraStatus.State.LIVE, state());
    }
}
