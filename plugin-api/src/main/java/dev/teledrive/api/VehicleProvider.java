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

    /**
     * The vehicle id for a provider with a single vehicle, such as {@code simulator}. The host
     * reads it only through the default {@link #vehicles(Configuration)}; by convention it is also the prefix of
     * the plugin's configuration keys and of the ids of its vehicles.
     *
     * @return 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit (see
     *         {@link VehicleSpec})
     */
    String id();

    /**
     * A name for people, such as {@code "Simulator"}, shown in the page's list of vehicles.
     *
     * @return the name the default {@link #vehicles(Configuration)} gives its single vehicle
     */
    String name();

    /**
     * The commands this provider's vehicles understand; the page draws its controls from it. The
     * host reads it once per vehicle when the plugin is loaded, so return the same vocabulary every
     * time: a change shows only after the plugin is reloaded.
     *
     * @return the vocabulary, shared by all of this provider's vehicles; never {@code null}
     */
    Vocabulary vocabulary();

    /**
     * The vehicles this provider offers under the given configuration. The default is the single
     * vehicle {@link #id()} / {@link #name()}; a provider that drives several cars of one kind
     * (say {@code iracer-red} and {@code iracer-blue}) returns one entry per car.
     *
     * <p>Called when the plugin is loaded. A vehicle whose id another vehicle already has, from
     * this plugin or another, is skipped and logged; an unchecked exception, such as a bad
     * {@link VehicleSpec}, skips all of this provider's vehicles.
     *
     * @param configuration the host's configuration, plugin keys included
     * @return the vehicles, each with its own id; empty to offer none
     */
    default List<VehicleSpec> vehicles(Configuration configuration) {
        return List.of(new VehicleSpec(id(), name()));
    }

    /**
     * Creates the vehicle named by {@link VehicleContext#vehicleId()}. Called on the vehicle's own
     * thread; it should not block on I/O: connecting belongs in {@link Vehicle#connect()}.
     * Called the first time a driver selects the vehicle, and again only if that call failed; the
     * vehicle then lives until its plugin is unloaded or the server stops.
     *
     * @param context what the vehicle gets from the host; keep it for the vehicle's lifetime
     * @return the vehicle, not yet connected: the host calls {@link Vehicle#connect()} next
     * @throws VehicleException with the user's next step, when the vehicle cannot be created; the
     *                          vehicle shows as {@link ConnectionState#FAILED} with the message as
     *                          reason. Prefer it to an unchecked exception, which reaches the driver
     *                          as a plugin failure quoting the raw exception
     */
    Vehicle open(VehicleContext context) throws VehicleException;
}
