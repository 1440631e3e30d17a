package dev.teledrive.server;

import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.http.WebServer;
import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.vehicles.VehicleTimers;
import dev.teledrive.server.video.FfmpegH264EncoderFactory;
import dev.teledrive.server.video.H264Encoder;
import dev.teledrive.server.video.LoadedCameraProvider;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Teledrive: the Jetty host with its plugins loaded. {@code main} builds the
 * configuration and calls {@link #start(Configuration)}; tests do the same with port 0.
 *
 * <p>{@link Builder} takes the options a test or an embedder sets; {@link Startup} wires the
 * parts together and starts them, and {@link Lifecycle} stops them.
 */
public final class Teledrive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Teledrive.class);
    static final String STAGE_SETTINGS = "settings";
    static final String STAGE_PLUGINS = "plugins";
    static final String STAGE_VEHICLES = "vehicles";
    static final String STAGE_WEB = "web";
    static final String STAGE_WATCHER = "watcher";
    /** The start-up stages, in order. */
    static final List<String> STAGES = List.of(STAGE_SETTINGS, STAGE_PLUGINS, STAGE_VEHICLES, STAGE_WEB, STAGE_WATCHER);

    private final WebServer web;
    private final Lifecycle lifecycle;

    Teledrive(WebServer web, Lifecycle lifecycle) {
        this.web = web;
        this.lifecycle = lifecycle;
    }

    /** Loads the plugins, opens the default vehicle and starts listening. */
    public static Teledrive start(Configuration configuration) throws Exception {
        return builder(configuration).start();
    }

    /** For tests and embedders: a clock or extra providers besides the plugins folder. */
    public static Builder builder(Configuration configuration) {
        return new Builder(configuration);
    }

    /** The version of this build, from the jar manifest, or {@code development}. */
    public static String version() {
        String v = Teledrive.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Where the page is served, with the real port: {@code http://127.0.0.1:8000/}. */
    public URI uri() {
        return web.uri();
    }

    /** The legacy endpoint's real port, if it is on. */
    public OptionalInt legacyPort() {
        return web.legacyPort();
    }

    /**
     * Stops every vehicle, closes every connection with 1001, stops listening and unloads the
     * plugins: everything the start made, in reverse order. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        web.join();
    }

    /** Assembles a {@link Teledrive}. */
    public static final class Builder {
        private final Configuration configuration;
        private final List<LoadedProvider> extraProviders = new ArrayList<>();
        private final List<LoadedCameraProvider> extraCameras = new ArrayList<>();
        private H264Encoder.Factory encoders = new FfmpegH264EncoderFactory();
        private Clock clock = Clock.systemUTC();
        private Consumer<String> afterStage = stage -> {};
        private VehicleTimers.Source timers = VehicleTimers.REAL_TIME;
        private boolean hub;

        private Builder(Configuration configuration) {
            this.configuration = configuration;
        }

        /**
         * The clock vehicles and the protocol read. A clock other than the system's also measures
         * the dead-man and the rate limits, so a test that moves it moves them.
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Where the vehicles' timed stops and dead-man checks get their timers: a test's clock. */
        public Builder timers(VehicleTimers.Source value) {
            this.timers = value;
            return this;
        }

        /**
         * Told the name of each start-up stage as it completes ({@link #STAGES}); a test makes a
         * stage fail by throwing from here.
         */
        Builder afterStage(Consumer<String> listener) {
            this.afterStage = listener;
            return this;
        }

        /**
         * Runs a hub instead ({@code bin/teledrive hub}): no plugins, and {@code /ws} relays each
         * client to the site of its vehicle over NATS (docs/sites.md).
         */
        public Builder hub() {
            this.hub = true;
            return this;
        }

        /** Adds a provider as if a plugin with this id had contributed it. */
        public Builder provider(String pluginId, VehicleProvider provider) {
            extraProviders.add(new LoadedProvider(pluginId, provider));
            return this;
        }

        /** Adds a camera provider as if a plugin with this id had contributed it. */
        public Builder camera(String pluginId, CameraProvider provider) {
            extraCameras.add(new LoadedCameraProvider(pluginId, provider));
            return this;
        }

        /** What makes h264 for viewers of cameras that make only JPEG; ffmpeg from the PATH unless set. */
        public Builder encoders(H264Encoder.Factory value) {
            this.encoders = value;
            return this;
        }

        /**
         * Loads plugins, opens the default vehicle, listens. Each component joins the lifecycle as
         * it starts; if a later one fails, those before it are stopped as at shutdown.
         */
        public Teledrive start() throws Exception {
            var lifecycle = new Lifecycle();
            lifecycle.onClose("the log", () -> LOG.info("stopped"));
            try {
                return new Startup(
                                configuration, extraProviders, extraCameras, encoders, clock, afterStage, timers, hub)
                        .start(lifecycle);
            } catch (Exception | Error e) {
                lifecycle.close();
                throw e;
            }
        }
    }
}
