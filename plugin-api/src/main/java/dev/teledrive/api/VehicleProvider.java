package dev.teledrive.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A kind of vehicle a plugin contributes: the PF4J extension point the host looks up.
 *
 * <p>Implementations are annotated with {@code @org.pf4j.Extension} and must have a public
 * no-argument constructor. They should be cheap to create: the host instantiates every provider
 * at start-up, but opens a vehicle only when it is selected.
 */
public interface VehicleProvider extends ExtensionPoint {

    /** The vehicle id for a provider with a single vehicle, such as {@code simulator}. */
    String id();

    /** A name for people, such as {@code "Simulator"}. */
    String name();

    /** The commands this provider's vehicles understand; the page draws its controls from it. */
    Vocabulary vocabulary();

    /**
     * The vehicles this provider offers under the given configuration. The default is the single
     * vehicle {@link #id()} / {@link #name()}; a provider that drives several cars of one kind
     * (say {@code iracer-red} and {@code iracer-blue}) returns one entry per car.
     *
     * @param configuration the host's configuration, plugin keys included
     */
    default List<VehicleSpec> vehicles(Configuration configuration) {
        return List.of(new VehicleSpec(id(), name()));
    }

    /**
     * Creates the vehicle named by {@link VehicleContext#vehicleId()}. Called on the vehicle's own
     * thread; it should not block on I/O: connecting belongs in {@link Vehicle#connect()}.
     *
     * @throws VehicleException with the user's next step, when the vehicle cannot be created
     */
    Vehicle open(VehicleContext context) throws VehicleException;
}
