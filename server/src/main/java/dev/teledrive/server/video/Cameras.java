package dev.teledrive.server.video;

import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.Configuration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every camera the plugins offer, by id (unique in the server), each with its {@link CameraHub}:
 * added when a plugin loads, taken away (its viewers told, the camera closed) when it unloads.
 */
public final class Cameras implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cameras.class);

    private final Configuration configuration;
    private final Clock clock;
    private final H264Encoder.Factory encoders;
    private final Map<String, CameraHub> hubs = new LinkedHashMap<>(); // guarded by this
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param configuration the host's configuration, handed to the cameras
     * @param clock         stamps the frames
     * @param encoders      makes h264 from JPEG for cameras that make only JPEG
     */
    public Cameras(Configuration configuration, Clock clock, H264Encoder.Factory encoders) {
        this.configuration = configuration;
        this.clock = clock;
        this.encoders = encoders;
    }

    /** Called, on any thread, when cameras come or go or a camera's status changes. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Adds a provider's cameras; returns their ids. A camera whose id is taken is skipped and
     * logged; a provider that throws is skipped whole. A provider with no cameras is fine.
     */
    public List<String> install(LoadedCameraProvider p) {
        List<CameraSpec> specs;
        try {
            specs = List.copyOf(p.provider().cameras(configuration));
        } catch (RuntimeException | LinkageError e) {
            LOG.error("plugin '{}' could not list its cameras: {}", p.pluginId(), e.getMessage(), e);
            return List.of();
        }
        List<String> added = new ArrayList<>();
        synchronized (this) {
            for (CameraSpec spec : specs) {
                if (spec == null) {
                    continue;
                }
                if (hubs.containsKey(spec.id())) {
                    LOG.error(
                            "skipping camera '{}' of plugin '{}': plugin '{}' has a camera with that id already",
                            spec.id(),
                            p.pluginId(),
                            hubs.get(spec.id()).pluginId());
                    continue;
                }
                hubs.put(spec.id(), hub(spec.id(), spec.vehicle(), p.pluginId(), p.provider()::open));
                added.add(spec.id());
            }
        }
        if (!added.isEmpty()) {
            LOG.info("plugin '{}' offers cameras {}", p.pluginId(), String.join(", ", added));
            changed();
        }
        return added;
    }

    /**
     * Adds one camera that no plugin of this server offers: at a hub, camera {@code CAMERA@SITE}
     * of a site, opened when its first viewer arrives.
     *
     * @param origin where it comes from, as {@link #uninstall} and the log name it
     * @return whether it was added: {@code false} when a camera has this id already
     */
    public boolean add(String id, String vehicle, String origin, CameraOpener opener) {
        synchronized (this) {
            if (hubs.containsKey(id)) {
                return false;
            }
            hubs.put(id, hub(id, vehicle, origin, opener));
        }
        changed();
        return true;
    }

    /** Takes one camera away: its viewers are told why and let go, the camera closes. */
    public void remove(String id, String reason) {
        CameraHub leaving;
        synchronized (this) {
            leaving = hubs.remove(id);
        }
        if (leaving != null) {
            leaving.close(reason);
            changed();
        }
    }

    private CameraHub hub(String id, String vehicle, String origin, CameraOpener opener) {
        return new CameraHub(id, vehicle, origin, opener, configuration, clock, encoders, this::changed);
    }

    /** Takes away a plugin's cameras: their viewers are told and let go, the cameras close. */
    public void uninstall(String pluginId) {
        List<CameraHub> leaving = new ArrayList<>();
        synchronized (this) {
            hubs.values().removeIf(h -> {
                if (h.pluginId().equals(pluginId)) {
                    leaving.add(h);
                    return true;
                }
                return false;
            });
        }
        for (CameraHub h : leaving) {
            h.close("camera '" + h.id() + "' is gone: its plugin '" + pluginId + "' was unloaded");
            LOG.info("camera '{}' removed with plugin '{}'", h.id(), pluginId);
        }
        if (!leaving.isEmpty()) {
            changed();
        }
    }

    /** The camera with this id. */
    public synchronized Optional<CameraHub> find(String id) {
        return Optional.ofNullable(hubs.get(id));
    }

    /** Every camera id, in the order they came. */
    public synchronized List<String> ids() {
        return List.copyOf(hubs.keySet());
    }

    /** The statuses of a vehicle's cameras, in the order they came. */
    public synchronized List<CameraStatus> statusesOf(String vehicleId) {
        List<CameraStatus> found = new ArrayList<>();
        for (CameraHub h : hubs.values()) {
            if (h.vehicle().equals(vehicleId)) {
                found.add(h.status());
            }
        }
        return found;
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("a camera listener failed", e);
            }
        }
    }

    /** Closes every camera, telling its viewers the server is stopping. Idempotent. */
    @Override
    public void close() {
        List<CameraHub> all;
        synchronized (this) {
            all = List.copyOf(hubs.values());
            hubs.clear();
        }
        for (CameraHub h : all) {
            h.close("the server is shutting down");
        }
    }
}
