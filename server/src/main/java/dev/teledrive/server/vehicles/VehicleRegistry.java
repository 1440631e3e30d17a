package dev.teledrive.server.vehicles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every vehicle the plugins offer, and the default one that new connections watch (each
 * connection then selects its own). Listeners hear of every change of a vehicle's link, and of
 * vehicles that went for good.
 */
public final class VehicleRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRegistry.class);

    private final Map<String, VehicleRunner> runners = new ConcurrentHashMap<>();
    private final List<VehicleRunner> order = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> goneListeners = new CopyOnWriteArrayList<>();
    private volatile VehicleRunner defaultVehicle;

    /**
     * Adds a vehicle; clients list vehicles in the order they were added.
     *
     * @throws IllegalArgumentException when another vehicle already has its id
     */
    public void add(VehicleRunner runner) {
        VehicleRunner existing = runners.putIfAbsent(runner.id(), runner);
        if (existing != null) {
            throw new IllegalArgumentException(
                    "vehicle id '" + runner.id() + "' is already provided by plugin '" + existing.pluginId() + "'");
        }
        order.add(runner);
    }

    /**
     * Removes a vehicle (its caller stops and closes it); says whether it was the default one,
     * which leaves no default until the caller chooses another.
     */
    public boolean remove(String id) {
        VehicleRunner runner = runners.remove(id);
        if (runner == null) {
            return false;
        }
        order.remove(runner);
        if (defaultVehicle == runner) {
            defaultVehicle = null;
            return true;
        }
        return false;
    }

    /** Calls the listener with the id of each vehicle that went for good (not for a reload). */
    public void addGoneListener(Consumer<String> listener) {
        goneListeners.add(listener);
    }

    /** Tells listeners that a vehicle went for good: its watchers move to the default vehicle. */
    public void gone(String id) {
        goneListeners.forEach(l -> l.accept(id));
    }

    /** Calls the listener after every change of the default vehicle or of a vehicle's link. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Tells listeners that something changed; runners call it when their link state changes. */
    public void changed() {
        listeners.forEach(Runnable::run);
    }

    /** The vehicles in listing order. */
    public Collection<VehicleRunner> all() {
        return order;
    }

    public Optional<VehicleRunner> find(String id) {
        return Optional.ofNullable(runners.get(id));
    }

    /** The vehicle new connections watch, if there is any vehicle. */
    public Optional<VehicleRunner> defaultVehicle() {
        return Optional.ofNullable(defaultVehicle);
    }

    /** The default vehicle's id, or {@code null} when there is none. */
    public String defaultId() {
        VehicleRunner d = defaultVehicle;
        return d == null ? null : d.id();
    }

    /** The statuses of every vehicle, in listing order. */
    public List<VehicleStatus> statuses() {
        return order.stream().map(VehicleRunner::status).toList();
    }

    /**
     * Makes a vehicle the one new connections watch, and connects it, so the first visitor finds
     * it ready. Completes when it is connected, or exceptionally with the reason it is not.
     */
    public CompletableFuture<Void> makeDefault(String id) {
        VehicleRunner next = runners.get(id);
        if (next == null) {
            return CompletableFuture.failedFuture(new VehicleUnavailableException("there is no vehicle '" + id
                    + "'; choose one of "
                    + String.join(", ", runners.keySet().stream().sorted().toList())));
        }
        if (defaultVehicle != next) {
            defaultVehicle = next;
            LOG.info("vehicle '{}' is the default", id);
            changed();
        }
        return next.connect();
    }

    /** Stops and closes every vehicle. */
    @Override
    public void close() {
        order.forEach(VehicleRunner::close);
    }
}
