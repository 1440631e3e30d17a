package dev.teledrive.plugins.donkeycar;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.plugins.donkeycar.link.DriveLink;
import dev.teledrive.plugins.donkeycar.video.MjpegCamera;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Donkeycars, driven through their web controller: one vehicle {@code donkeycar} for
 * {@code donkeycar.url}, or one per name in {@code donkeycar.cars} ({@code donkeycar-a} for
 * {@code donkeycar.a.url}). Without either key it offers nothing. Each car's {@code /video} stream
 * is a camera of the same id, unless its {@code video} key is {@code off}.
 *
 * <p>The host makes one instance of this class for both extension points.
 */
@Extension
public final class DonkeycarProvider implements VehicleProvider, CameraProvider {

    private static final Pattern CAR_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,53}");
    private static final String FIX = ": fix it in conf/teledrive.properties or with --set";

    private final Backoff backoff;
    private final Duration pingEvery;
    private final Duration stall;

    /** The provider PF4J creates: reconnects after half a second, doubling to thirty. */
    public DonkeycarProvider() {
        this(Backoff.STANDARD, Duration.ofSeconds(1), MjpegCamera.STALL);
    }

    /** For tests: other pauses, pings and patience with a silent video stream. */
    DonkeycarProvider(Backoff backoff, Duration pingEvery, Duration stall) {
        this.backoff = backoff;
        this.pingEvery = pingEvery;
        this.stall = stall;
    }

    @Override
    public String id() {
        return "donkeycar";
    }

    @Override
    public String name() {
        return "Donkeycar";
    }

    @Override
    public Vocabulary vocabulary() {
        return DriveCommands.VOCABULARY;
    }

    @Override
    public List<VehicleSpec> vehicles(Configuration configuration) {
        List<String> cars = cars(configuration);
        if (cars.isEmpty()) {
            return configuration.get("donkeycar.url").isPresent()
                    ? List.of(new VehicleSpec(id(), name()))
                    : List.of(); // not configured: a Donkeycar nobody owns should not clutter the page
        }
        return cars.stream()
                .map(car -> new VehicleSpec(id() + "-" + car, name() + " " + car))
                .toList();
    }

    @Override
    public Vehicle open(VehicleContext context) throws VehicleException {
        try {
            DonkeycarSettings settings = DonkeycarSettings.from(context.configuration(), car(context.vehicleId()));
            var telemetry = new CarTelemetry(context.telemetry());
            var link = new DriveLink(
                    context.vehicleId(),
                    settings.drive(),
                    settings.connectTimeout(),
                    backoff,
                    pingEvery,
                    context::connectionChanged,
                    telemetry::heard,
                    context.logger());
            return new DonkeycarCar(
                    link, new DriveCommands(settings.maxThrottle(), settings.defaultSpeed()), telemetry);
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage() + FIX, e);
        }
    }

    @Override
    public List<CameraSpec> cameras(Configuration configuration) {
        return vehicles(configuration).stream()
                .filter(v -> !videoOff(configuration, car(v.id())))
                .map(v -> new CameraSpec(v.id(), v.id(), v.name() + " camera"))
                .toList();
    }

    @Override
    public Camera open(CameraContext context) throws CameraException {
        try {
            DonkeycarSettings settings = DonkeycarSettings.from(context.configuration(), car(context.vehicleId()));
            return new MjpegCamera(
                    context,
                    settings.video()
                            .orElseThrow(() -> new CameraException(
                                    "camera '" + context.cameraId() + "' is off: its video key is off")),
                    settings.connectTimeout(),
                    backoff,
                    stall);
        } catch (IllegalArgumentException e) {
            throw new CameraException(e.getMessage() + FIX, e);
        }
    }

    /** The car's name in the keys, or {@code null} for the single car. */
    private String car(String vehicleId) {
        return vehicleId.equals(id()) ? null : vehicleId.substring(id().length() + 1);
    }

    private static boolean videoOff(Configuration c, String car) {
        Optional<String> own = car == null ? Optional.empty() : c.get("donkeycar." + car + ".video");
        return own.or(() -> c.get("donkeycar.video"))
                .map(String::trim)
                .filter(v -> v.equalsIgnoreCase("off"))
                .isPresent();
    }

    private static List<String> cars(Configuration configuration) {
        return configuration.get("donkeycar.cars").stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .peek(car -> {
                    if (!CAR_NAME.matcher(car).matches()) {
                        throw new IllegalArgumentException("configuration key 'donkeycar.cars': '" + car
                                + "' must be up to 54 lower case letters, digits and dashes, starting with a"
                                + " letter or digit");
                    }
                })
                .distinct()
                .toList();
    }
}
