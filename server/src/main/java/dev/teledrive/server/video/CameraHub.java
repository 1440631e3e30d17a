package dev.teledrive.server.video;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.time.Clock;

/**
 * One camera and its viewers: what the rest of the server holds. The camera runs only while someone
 * watches: the first viewer opens it and demands the codecs watched, every change of that set demands
 * again, and the last viewer to leave demands nothing, so an idle camera costs nothing. A viewer who
 * wants h264 of a camera that makes only JPEG gets it from an {@link H264Encoder} fed with the
 * camera's JPEG frames.
 *
 * <p>The work is split by concern: {@link CameraLife} runs the camera and the encoder on a thread of
 * their own; frames arrive on the camera's threads and go straight through {@link Audience} to the
 * viewers' latest-wins slots, so nothing here ever waits on a viewer, a control connection or a
 * vehicle; {@link CameraStatusBoard} shows a failure until the next frame clears it, and a failure
 * never touches driving.
 */
public final class CameraHub {

    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String id;
    private final String vehicle;
    private final String pluginId;
    private final CameraStatusBoard status;
    private final Audience audience;
    private final JpegToH264 h264;
    private final CameraLife life;
    private volatile boolean gone;

    /**
     * @param id            the camera's id in this server: a plugin's own, or {@code CAMERA@SITE} at a hub
     * @param vehicle       the id of the vehicle it shows
     * @param pluginId      where it comes from: a plugin, or a site at a hub
     * @param opener        opens the camera at its first viewer
     * @param statusChanged told, on any thread, when the camera's status changes
     */
    CameraHub(
            String id,
            String vehicle,
            String pluginId,
            CameraOpener opener,
            Configuration configuration,
            Clock clock,
            H264Encoder.Factory encoders,
            Runnable statusChanged) {
        this.id = id;
        this.vehicle = vehicle;
        this.pluginId = pluginId;
        this.status = new CameraStatusBoard(id, vehicle, statusChanged);
        this.audience = new Audience(id, this::leave);
        this.h264 = new JpegToH264(id, encoders, this::publish);
        this.life = new CameraLife(
                id, vehicle, pluginId, opener, configuration, clock, this::publish, audience, h264, status);
    }

    public String id() {
        return id;
    }

    public String vehicle() {
        return vehicle;
    }

    String pluginId() {
        return pluginId;
    }

    public CameraStatus status() {
        return status.current();
    }

    /** Adds a viewer; the camera starts (or is asked for another codec) on the hub's thread. */
    public void watch(Viewer viewer) {
        if (gone) {
            viewer.cameraGone(goneReason());
            return;
        }
        audience.add(viewer);
        life.viewersChanged(true);
    }

    /** Removes a viewer; the last one to leave stops the camera. Idempotent. */
    public void leave(Viewer viewer) {
        viewer.stop();
        if (audience.remove(viewer)) {
            life.viewersChanged(false);
        }
    }

    /**
     * The camera cannot deliver for a while, for reasons outside it (at a hub: its site is
     * unreachable): every viewer hears why and stays, to get frames again when they come.
     */
    public void interrupted(String reason) {
        for (VideoCodec codec : VideoCodec.values()) {
            audience.unavailable(codec, reason);
        }
    }

    /** Viewers now, for tests and the status. */
    int viewerCount() {
        return audience.size();
    }

    /**
     * Ends the camera for good (its plugin is unloaded, or the server stops): every viewer is told
     * why and let go, the camera demands nothing and closes. Waits a few seconds for the camera to
     * close, so its plugin can unload next.
     */
    void close(String reason) {
        if (gone) {
            return;
        }
        gone = true;
        audience.dismiss(reason);
        life.close(CLOSE_WAIT_SECONDS);
    }

    private String goneReason() {
        return "camera '" + id() + "' is gone: its plugin was unloaded or the server is stopping";
    }

    /** A frame from the camera (or the encoder): to every viewer of its codec, and JPEG on to the encoder. */
    private void publish(VideoFrame frame) {
        if (gone) {
            return;
        }
        status.delivered(frame.codec(), !audience.isEmpty());
        audience.publish(frame);
        if (frame.codec() == VideoCodec.JPEG) {
            h264.encode(frame);
        }
    }
}
