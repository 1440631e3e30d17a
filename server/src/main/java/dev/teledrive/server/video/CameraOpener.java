package dev.teledrive.server.video;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;

/**
 * Opens a camera when its first viewer arrives: a plugin's {@code CameraProvider::open}, or at a hub
 * a camera of a site, whose frames come over NATS. Everything after the opening is the same for
 * both, so a local camera and a remote one look the same to a viewer.
 */
@FunctionalInterface
public interface CameraOpener {

    /** @throws CameraException with the user's next step, when the camera cannot be opened */
    Camera open(CameraContext context) throws CameraException;
}
