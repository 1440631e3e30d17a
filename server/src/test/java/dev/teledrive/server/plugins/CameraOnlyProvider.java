package dev.teledrive.server.plugins;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A plugin that offers a camera and nothing else, packed into a jar by {@link CameraPluginIT}: a dash
 * cam on the recording vehicle, sending a tiny JPEG every 20 ms while watched.
 */
public class CameraOnlyProvider implements CameraProvider {

    /** A 1x1 JPEG. */
    static final byte[] JPEG = Base64.getDecoder()
            .decode("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
                    + "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        return List.of(new CameraSpec("dashcam", "recorder", "Dash cam"));
    }

    @Override
    public Camera open(CameraContext context) {
        return new Camera() {
            private Thread capture;

            @Override
            public void demand(Set<VideoCodec> codecs) {
                if (!codecs.isEmpty() && capture == null) {
                    capture = context.threads().newThread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            context.frames()
                                    .publish(VideoFrame.jpeg(
                                            JPEG, context.clock().instant(), 1, 1));
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    capture.start();
                } else if (codecs.isEmpty() && capture != null) {
                    capture.interrupt();
                    capture = null;
                }
            }

            @Override
            public void close() {
                demand(Set.of());
            }
        };
    }
}
