package dev.teledrive.plugins.simulator;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.plugins.simulator.camera.CameraSettings;
import dev.teledrive.plugins.simulator.camera.SimulatorCamera;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * The simulator: model i-Racers with the real car's vocabulary, so a driver can switch between
 * them and change nothing. One car, {@code simulator}, or with {@code simulator.cars=a,b} the cars
 * {@code simulator-a} and {@code simulator-b}, all in one {@link Arena}; each car has a chase
 * camera of the same id unless {@code simulator.camera.enabled=false}.
 *
 * <p>The host makes one instance of this class for both extension points, so the cars and the
 * cameras see the same arena: it is made from the configuration the first time a car or camera is
 * opened, and lives as long as this provider (until the plugin is unloaded).
 */
@Extension
public final class SimulatorProvider implements VehicleProvider, CameraProvider {

    private static final Vocabulary VOCABULARY = StandardVocabulary.motion(255);
    private static final Pattern CAR_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,53}");
    private static final String FIX = ": fix it in conf/teledrive.properties or with --set";

    private Arena arena;

    @Override
    public String id() {
        return "simulator";
    }

    @Override
    public String name() {
        return "Simulator";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public List<VehicleSpec> vehicles(Configuration configuration) {
        List<String> cars = cars(configuration);
        if (cars.isEmpty()) {
            return List.of(new VehicleSpec(id(), name()));
        }
        return cars.stream()
                .map(car -> new VehicleSpec(id() + "-" + car, name() + " " + capitalised(car)))
                .toList();
    }

    @Override
    public Vehicle open(VehicleContext context) throws VehicleException {
        try {
            Arena shared = arena(context.configuration());
            if (!shared.has(context.vehicleId())) {
                throw new VehicleException("the simulator has no car '" + context.vehicleId() + "', only "
                        + shared.vehicles() + ": check simulator.cars");
            }
            return new SimulatedCar(context, shared);
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage() + FIX, e);
        }
    }

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        if (!CameraSettings.enabled(configuration)) {
            return List.of();
        }
        return vehicles(configuration).stream()
                .map(v -> new CameraSpec(v.id(), v.id(), v.name() + " camera"))
                .toList();
    }

    @Override
    public Camera open(CameraContext context) throws CameraException {
        try {
            Arena shared = arena(context.configuration());
            if (!shared.has(context.vehicleId())) {
                throw new CameraException("the simulator has no car '" + context.vehicleId() + "' for camera '"
                        + context.cameraId() + "', only " + shared.vehicles() + ": check simulator.cars");
            }
            return new SimulatorCamera(context, shared, CameraSettings.from(context.configuration()));
        } catch (IllegalArgumentException e) {
            throw new CameraException(e.getMessage() + FIX, e);
        }
    }

    /**
     * The arena every car and camera of this provider shares, made on first use. A bad setting
     * throws and leaves it unmade, so the next open, after the fix, tries again.
     */
    private synchronized Arena arena(Configuration configuration) {
        if (arena == null) {
            arena = new Arena(
                    SimulatorSettings.from(configuration),
                    vehicles(configuration).stream().map(VehicleSpec::id).toList());
        }
        return arena;
    }

    private static List<String> cars(Configuration configuration) {
        return configuration.get("simulator.cars").stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .peek(car -> {
                    if (!CAR_NAME.matcher(car).matches()) {
                        throw new IllegalArgumentException("configuration key 'simulator.cars': '" + car
                                + "' must be up to 54 lower case letters, digits and dashes, starting with a"
                                + " letter or digit");
                    }
                })
                .distinct()
                .toList();
    }

    private static String capitalised(String car) {
        return car.substring(0, 1).toUpperCase(Locale.ROOT) + car.substring(1);
    }
}
