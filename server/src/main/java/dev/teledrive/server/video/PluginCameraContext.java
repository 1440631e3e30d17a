package dev.teledrive.server.video;

import dev.teledrive.api.CameraContext;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.FrameSink;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * What the server hands a camera plugin when it opens a camera; the camera's reports of failure and
 * recovery go back to its {@link CameraLife}.
 *
 * @param onFailed  takes the camera's failure report, as the camera wrote it
 * @param onRecovered told when the camera says it delivers again
 */
record PluginCameraContext(
        String cameraId,
        String vehicleId,
        Configuration configuration,
        Clock clock,
        FrameSink frames,
        ThreadFactory threads,
        Logger logger,
        Consumer<String> onFailed,
        Runnable onRecovered)
        implements CameraContext {

    @Override
    public void failed(String reason) {
        onFailed.accept(reason);
    }

    @Override
    public void recovered() {
        onRecovered.run();
    }
}
