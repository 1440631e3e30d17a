package dev.teledrive.server.video;

import dev.teledrive.api.VideoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's status as the control connections see it. Kept apart from the camera's life so the
 * rule that matters to a driver is plain: a failure stays shown until a frame proves the camera
 * delivers again (a frame of h264, when only the encoder failed), so a retry alone never claims
 * "live". Every change is told to the listener, outside the lock.
 */
final class CameraStatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(CameraStatusBoard.class);

    private final String cameraId;
    private final String vehicle;
    private final Runnable changed;
    private CameraStatus status; // guarded by this
    /** The codec whose next frame clears a failure ({@code null}: any frame), guarded by this. */
    private VideoCodec clearedBy;

    /**
     * @param changed told, on any thread, when the status changes
     */
    CameraStatusBoard(String cameraId, String vehicle, Runnable changed) {
        this.cameraId = cameraId;
        this.vehicle = vehicle;
        this.changed = changed;
        this.status = new CameraStatus(cameraId, vehicle, CameraStatus.State.IDLE, null);
    }

    synchronized CameraStatus current() {
        return status;
    }

    synchronized boolean failed() {
        return status.state() == CameraStatus.State.FAILED;
    }

    /** Live again, unless a failure waits for its clearing frame. */
    void live() {
        set(CameraStatus.State.LIVE, null, null);
    }

    /** Idle, unless a failure stays shown until a viewer tries again and a frame arrives. */
    void idle() {
        synchronized (this) {
            if (status.state() == CameraStatus.State.FAILED) {
                return;
            }
        }
        set(CameraStatus.State.IDLE, null, null);
    }

    /** The camera failed: any frame clears it. */
    void cameraFailed(String reason) {
        set(CameraStatus.State.FAILED, reason, null);
    }

    /** Only the h264 encoder failed: JPEG frames still flow, so only an h264 frame clears it. */
    void encoderFailed(String reason) {
        set(CameraStatus.State.FAILED, reason, VideoCodec.H264);
    }

    /**
     * A frame of {@code codec} arrived ({@code null}: the camera says it recovered): clears a failure
     * it may clear, while someone watches.
     */
    void delivered(VideoCodec codec, boolean watched) {
        boolean cleared;
        synchronized (this) {
            cleared =
                    status.state() == CameraStatus.State.FAILED && (clearedBy == null || clearedBy == codec) && watched;
            if (cleared) {
                status = new CameraStatus(cameraId, vehicle, CameraStatus.State.LIVE, null);
                clearedBy = null;
            }
        }
        if (cleared) {
            LOG.info("camera '{}' delivers again", cameraId);
            changed.run();
        }
    }

    private void set(CameraStatus.State state, String reason, VideoCodec clearingCodec) {
        boolean differs;
        synchronized (this) {
            if (state == CameraStatus.State.LIVE && status.state() == CameraStatus.State.FAILED) {
                return;
            }
            CameraStatus next = new CameraStatus(cameraId, vehicle, state, reason);
            differs = !next.equals(status);
            status = next;
            if (state == CameraStatus.State.FAILED) {
                clearedBy = clearingCodec;
            }
        }
        if (differs) {
            changed.run();
        }
    }
}
