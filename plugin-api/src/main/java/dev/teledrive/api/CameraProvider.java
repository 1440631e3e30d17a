package dev.teledrive.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Cameras a plugin contributes: the PF4J extension point beside {@link VehicleProvider}. A camera
 * knows its vehicle, not the reverse, so cameras and vehicles can come from different plugins.
 *
 * <p>Implementations are annotated with {@code @org.pf4j.Extension} and have a public no-argument
 * constructor. One class may implement both {@code VehicleProvider} and {@code CameraProvider}: the
 * host then creates a single instance and uses it for both, so its vehicles and cameras can share
 * state (the simulator's cameras look into the same arena its cars drive in).
 *
 * @since 1.3.0
 */
public interface CameraProvider extends ExtensionPoint {

    /**
     * The cameras this provider offers under the given configuration. Called when the plugin is
     * loaded. A camera whose id another camera already has is skipped and logged; an unchecked
     * exception, such as a bad {@link CameraSpec}, skips all of this provider's cameras.
     *
     * @param configuration the host's configuration, plugin keys included
     * @return the cameras, each with its own id; empty to offer none
     */
    List<CameraSpec> cameras(Configuration configuration);

    /**
     * Creates the camera named by {@link CameraContext#cameraId()}, when its first viewer arrives.
     * It should not start capturing yet: the host calls {@link Camera#demand(java.util.Set)} next.
     *
     * @param context what the camera gets from the host; keep it for the camera's lifetime
     * @return the camera
     * @throws CameraException with the user's next step, when the camera cannot be created; it shows
     *                         as failed with the message as reason
     */
    Camera open(CameraContext context) throws CameraException;
}
