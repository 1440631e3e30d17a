package dev.teledrive.server;

import dev.teledrive.api.CameraProvider;
import dev.teledrive.api.Configuration;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.CameraDirectory;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.control.ControlSetup;
import dev.teledrive.server.http.RestApi;
import dev.teledrive.server.http.WebServer;
import dev.teledrive.server.http.WsEndpoint;
import dev.teledrive.server.hubs.Hub;
import dev.teledrive.server.hubs.HubEndpoint;
import dev.teledrive.server.metrics.Metrics;
import dev.teledrive.server.plugins.HotPlugins;
import dev.teledrive.server.plugins.PluginHost;
import dev.teledrive.server.plugins.PluginWatcher;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import dev.teledrive.server.security.VideoTickets;
import dev.teledrive.server.sites.Site;
import dev.teledrive.server.telemetry.TelemetryHub;
import dev.teledrive.server.threads.DaemonThreads;
import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.RunnerSetup;
import dev.teledrive.server.vehicles.VehicleInstaller;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.VehicleTimers;
import dev.teledrive.server.vehicles.Watchdog;
import dev.teledrive.server.video.Cameras;
import dev.teledrive.server.video.FfmpegH264EncoderFactory;
import dev.teledrive.server.video.H264Encoder;
import dev.teledrive.server.video.LoadedCameraProvider;
import dev.teledrive.server.video.VideoAccess;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Teledrive: the Jetty host with its plugins loaded. {@code main} builds the
 * configuration and calls {@link #start(Configuration)}; tests do the same with port 0.
 *
 * <p>The wiring reads top to bottom like the architecture: plugins give providers, providers
 * give vehicles (each on its own thread), vehicles feed telemetry to the control service, and
 * the web server puts the control service, the REST API and the page on one port.
 *
 * <p>A little over 250 lines on purpose: the wiring and its lifecycle read top to bottom in one
 * method, like the architecture drawing in docs/architecture.md.
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

    private Teledrive(WebServer web, Lifecycle lifecycle) {
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
                return start(lifecycle);
            } catch (Exception | Error e) {
                lifecycle.close();
                throw e;
            }
        }

        private Teledrive start(Lifecycle lifecycle) throws Exception {
            HostSettings settings = HostSettings.from(configuration);
            stage(STAGE_SETTINGS);
            PluginHost plugins =
                    lifecycle.add("the plugins", hub ? PluginHost.none() : PluginHost.load(settings.pluginsDir()));
            stage(STAGE_PLUGINS);
            Watchdog watchdog = lifecycle.add("the watchdog", new Watchdog());
            var vehicles = lifecycle.add("the vehicles", new VehicleRegistry());
            var authThrottle = new AuthThrottle(
                    clock,
                    AuthThrottle.Settings.of(
                            settings.access().freeAuthFailures(),
                            settings.access().maxAuthLockout()));
            var tickets = new VideoTickets(clock);
            var cameras = lifecycle.add("the cameras", new Cameras(configuration, clock, encoders));
            var metrics = new Metrics();
            var control = new ControlService(
                    new ControlSetup(
                            settings,
                            clock,
                            version(),
                            authThrottle,
                            timers.of(Runnable::run, turnTimers(lifecycle)),
                            metrics,
                            tickets,
                            vehicleId -> cameras.statusesOf(vehicleId).stream()
                                    .map(c -> new CameraDirectory.Entry(
                                            c.id(), c.state().wire(), c.reason()))
                                    .toList(),
                            // Each change publishes on the thread that made it: a thread of its own
                            // measured 60-70 % slower on the fleet's drivers (docs/performance.md).
                            Runnable::run),
                    vehicles);
            metrics.watch(control.desk());
            var telemetry =
                    lifecycle.add("the telemetry", new TelemetryHub(clock, control, metrics.fanoutDropListener()));

            var setup = new RunnerSetup(
                    configuration,
                    clock,
                    Monotonic.nanoTime(clock),
                    settings.deadman(),
                    settings.commandTimeout(),
                    settings.connectTimeout(),
                    watchdog,
                    timers,
                    metrics.deadmanListener());
            var installer = new VehicleInstaller(setup, vehicles, telemetry::sinkFor, settings.vehicle());
            List<LoadedProvider> providers = new ArrayList<>(plugins.providers());
            providers.addAll(extraProviders);
            for (LoadedProvider p : providers) {
                plugins.noteVehicles(p.pluginId(), installer.install(p));
            }
            List<LoadedCameraProvider> cameraProviders = new ArrayList<>(plugins.cameraProviders());
            cameraProviders.addAll(extraCameras);
            for (LoadedCameraProvider c : cameraProviders) {
                plugins.noteCameras(c.pluginId(), cameras.install(c));
            }
            cameras.addListener(control::broadcastState); // after start-up's own installs: nobody listens yet
            if (!hub) {
                installer.selectFallback(); // a hub's vehicles are its sites'
            }
            awaitDefault(vehicles);
            stage(STAGE_VEHICLES);

            logAccess(settings);
            var hotPlugins = new HotPlugins(plugins, installer, cameras);
            var videoAccess = new VideoAccess(
                    settings.access().required(),
                    tickets,
                    settings.limits().connections(),
                    settings.limits().connectionsPerAddress());
            WsEndpoint ws = WebServer.controlEndpoint(control, settings);
            if (hub) {
                Hub relay = lifecycle.add("the hub's NATS link", Hub.start(configuration, settings.vehicle(), clock));
                ws = new WsEndpoint(
                        HubEndpoint.class,
                        () -> new HubEndpoint(relay, settings.limits().frameBytes(), settings.behindProxy()));
            }
            var web = lifecycle.add(
                    "the web server",
                    new WebServer(
                            settings,
                            control,
                            RestApi.routes(vehicles, plugins, control, version(), clock),
                            hotPlugins,
                            authThrottle,
                            metrics::scrape,
                            clock,
                            cameras,
                            videoAccess,
                            ws));
            web.start();
            stage(STAGE_WEB);
            lifecycle.onClose(
                    "the connections", () -> control.closeAll("server shutting down", Duration.ofMillis(250)));
            lifecycle.onClose("the cameras and their viewers", cameras::close);
            lifecycle.onClose("every vehicle", () -> stopEveryVehicle(vehicles));
            // First of all at shutdown: a connection that arrived after the vehicles stopped must
            // not take a seat and move one again, and a flood must not keep the greeting busy.
            lifecycle.onClose("new connections", () -> {
                web.stopAccepting();
                control.refuseNew();
            });
            if (settings.watchPlugins() && !hub) {
                lifecycle.add("the plugin watcher", PluginWatcher.start(settings.pluginsDir(), hotPlugins));
            }
            stage(STAGE_WATCHER);
            (hub ? Optional.<Site>empty() : Site.start(configuration, clock, vehicles, control, cameras))
                    .ifPresent(site -> lifecycle.add("the site's NATS link", site));
            return new Teledrive(web, lifecycle);
        }

        /** The turn and idle limits' timers in real time: one thread for every vehicle's seat. */
        private static VehicleTimers turnTimers(Lifecycle lifecycle) {
            ScheduledExecutorService turnThread =
                    Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("turns"));
            lifecycle.onClose("the turn timers", turnThread::shutdownNow);
            return (task, delayNanos) -> {
                var timer = turnThread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> timer.cancel(false);
            };
        }

        private void stage(String name) {
            afterStage.accept(name);
        }

        /**
         * Stops every vehicle at once, ahead of anything queued, and waits a moment for them to
         * confirm: all together, so a few slow links cannot add up to a slow exit.
         */
        private static void stopEveryVehicle(VehicleRegistry vehicles) {
            LOG.info("shutting down: stopping every vehicle");
            var stops = new java.util.LinkedHashMap<VehicleRunner, java.util.concurrent.CompletableFuture<Void>>();
            vehicles.all().forEach(v -> stops.put(v, v.stop()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            stops.forEach((v, stop) -> {
                try {
                    stop.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    LOG.warn("vehicle '{}' did not confirm its stop: {}", v.id(), e.toString());
                }
            });
        }

        /** A simulator connects at once; a slow radio link must not hold up the ready line for long. */
        private static void awaitDefault(VehicleRegistry vehicles) {
            vehicles.defaultVehicle().ifPresent(v -> {
                try {
                    v.connect().get(1, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("vehicle '{}' is still connecting", v.id());
                }
            });
        }

        /** Says whether tokens guard the server, naming each by a short fingerprint, never the token. */
        private static void logAccess(HostSettings settings) {
            var access = settings.access();
            if (!access.required()) {
                LOG.info("access control is off: anyone who reaches {} may drive", settings.bind());
                return;
            }
            LOG.info(
                    "access control is on: driver token {}{}{}",
                    Tokens.fingerprint(access.driverToken().orElseThrow()),
                    access.spectatorToken()
                            .map(t -> ", spectator token " + Tokens.fingerprint(t))
                            .orElse(""),
                    access.adminToken()
                            .map(t -> ", admin token " + Tokens.fingerprint(t))
                            .orElse(""));
        }
    }
}
