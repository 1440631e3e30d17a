package dev.teledrive.server.plugins;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Command;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.Vocabulary;
import java.util.List;
import java.util.Set;

/**
 * One extension class that offers a vehicle and its camera, packed into a jar by {@link
 * CameraPluginIT}. Both ids carry the instance's identity, so the camera is bound to the vehicle
 * only when the host made a single instance for both.
 */
public class CarWithCamera implements VehicleProvider, CameraProvider {

    private final String self = Integer.toHexString(System.identityHashCode(this));

    @Override
    public String id() {
        return "car-" + self;
    }

    @Override
    public String name() {
        return "Car with a camera";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(15);
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            @Override
            public void accept(Command command) {}

            @Override
            public void stop() {}

            @Override
            public void close() {}
        };
    }

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        return List.of(new CameraSpec("cam-" + self, id(), "Its camera"));
    }

    @Override
    public Camera open(CameraContext context) {
        return new Camera() {
            @Override
            public void demand(Set<VideoCodec> codecs) {}

            @Override
            public void close() {}
        };
    }
}
