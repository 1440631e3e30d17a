package dev.teledrive.plugins.iracer;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.iracer.protocol.CommandTranslator;
import dev.teledrive.plugins.iracer.link.LinkOpener;
import dev.teledrive.plugins.iracer.link.Links;
import dev.teledrive.plugins.iracer.link.StreamConnector;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * The i-Racer: one vehicle {@code iracer} for {@code iracer.url}, or one per name in
 * {@code iracer.cars} ({@code iracer-red} for {@code iracer.red.url}). It speaks the same
 * vocabulary as the simulator.
 */
@Extension
public final class IRacerProvider implements VehicleProvider {

    private static final Vocabulary VOCABULARY = StandardVocabulary.motion(255);
    private static final Pattern CAR_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final StreamConnector bluetooth;

    /** The provider PF4J creates, with BlueCove for {@code btspp://} links. */
    public IRacerProvider() {
        this(StreamConnector.blueCove());
    }

    /** For tests: another stand-in for BlueCove. */
    IRacerProvider(StreamConnector bluetooth) {
        this.bluetooth = bluetooth;
    }

    @Override
    public String id() {
        return "iracer";
    }

    @Override
    public String name() {
        return "i-Racer";
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
                .map(car -> new VehicleSpec(id() + "-" + car, name() + " " + car))
                .toList();
    }

    @Override
    public Vehicle open(VehicleContext context) throws VehicleException {
        String car =
                context.vehicleId().equals(id()) ? null : context.vehicleId().substring(id().length() + 1);
        String urlKey = car == null ? "iracer.url" : "iracer." + car + ".url";
        try {
            IRacerSettings settings = IRacerSettings.from(context.configuration(), car);
            String url = settings.url()
                    .orElseThrow(() -> new VehicleException("no link is set for '" + context.vehicleId()
                            + "': set " + urlKey
                            + " to btspp://ADDRESS:1 (bin/teledrive scan finds the address), /dev/rfcomm0"
                            + " or tcp://HOST:PORT, or choose the simulator"));
            LinkOpener opener = Links.forUrl(url, settings.connectTimeout(), bluetooth);
            var link = new CarLink(
                    context.vehicleId(),
                    opener,
                    settings.keepAlive(),
                    settings.maxBackoff(),
                    context::connectionChanged,
                    context.logger());
            return new IRacerCar(link, new CommandTranslator(settings.defaultSpeed(), settings.maxSpeed()));
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage() + " (" + urlKey + ")", e);
        }
    }

    private static List<String> cars(Configuration configuration) {
        return configuration.get("iracer.cars").stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .peek(car -> {
                    if (!CAR_NAME.matcher(car).matches()) {
                        throw new IllegalArgumentException(
                                "iracer.cars: '" + car + "' must be lower case letters, digits and dashes");
                    }
                })
                .distinct()
                .toList();
    }
}
