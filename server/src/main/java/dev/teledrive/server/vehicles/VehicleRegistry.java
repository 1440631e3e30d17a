package dev.teledrive.server.vehicles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every vehicle the plugins offer and which one is selected. Selecting another vehicle stops the
 * old one first; listeners hear of every selection and connection change.
 */
public final class VehicleRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleRegistry.class);

    private final Map<String, VehicleRunner> runners = new ConcurrentHashMap<>();
    private final List<VehicleRunner> order = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile VehicleRunner selected;

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
     * Removes a vehicle (its caller stops and closes it); says whether it was the selected one,
     * which leaves nothing selected.
     */
    public boolean remove(String id) {
        VehicleRunner runner = runners.remove(id);
        if (runner == null) {
            return false;
        }
        order.remove(runner);
        if (selected == runner) {
            selected = null;
            return true;
        }
        return false;
    }

    /** Calls the listener after every change of selection or of a vehicle's link. */
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

    /** The selected vehicle, if any. */
    public Optional<VehicleRunner> selected() {
        return Optional.ofNullable(selected);
    }

    /** The selected vehicle's id, or {@code null} when there is none. */
    public String selectedId() {
        VehicleRunner s = selected;
        return s == null ? null : s.id();
    }

    /** The statuses of every vehicle, in listing order. */
    public List<VehicleStatus> statuses() {
        return order.stream().map(VehicleRunner::status).toList();
    }

    /**
     * Makes a vehicle the active one: stops the old one, switches, then connects the new one.
     * Completes when the new vehicle is connected, or exceptionally with the reason it is not (it
     * stays selected, shown as failed, so the driver sees why and can retry or switch back).
     */
    public CompletableFuture<Void> select(String id) {
        return select(id, false);
    }

    /**
     * Like {@link #select}, for the new build of a reloaded plugin taking the place of the vehicle
     * that was selected: the reload is logged by its caller, not as a new selection.
     */
    public CompletableFuture<Void> reselect(String id) {
        return select(id, true);
    }

    private CompletableFuture<Void> select(String id, boolean again) {
        VehicleRunner next = runners.get(id);
        if (next == null) {
            return CompletableFuture.failedFuture(new VehicleUnavailableException("there is no vehicle '" + id
                    + "'; choose one of "
                    + String.join(", ", runners.keySet().stream().sorted().toList())));
        }
        VehicleRunner previous = selected;
        // A vehicle whose plugin is stuck cannot confirm its stop; it must not hold the switch up for ever.
        CompletableFuture<Void> stopped = previous != null && previous != next
                ? previous.stop().completeOnTimeout(null, 1, java.util.concurrent.TimeUnit.SECONDS)
                : CompletableFuture.completedFuture(null);
        return stopped.thenCompose(ignored -> {
            if (selected != next) {
                selected = next;
                if (again) {
                    LOG.debug("selected vehicle '{}' again", id);
                } else {
                    LOG.info("selected vehicle '{}'", id);
                }
                changed();
            }
            return next.connect();
        });
    }

    /** Stops and closes every vehicle. */
    @Override
    public void close() {
        order.forEach(VehicleRunner::close);
    }
}
