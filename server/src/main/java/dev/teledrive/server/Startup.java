package dev.teledrive.server;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.CameraDirectory;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.control.ControlSetup;
import dev.teledrive.server.http.ApiRoute;
import dev.teledrive.server.http.RestApi;
import dev.teledrive.server.http.WebServer;
import dev.teledrive.server.http.WsEndpoint;
import dev.teledrive.server.hubs.Hub;
import dev.teledrive.server.hubs.HubEndpoint;
import dev.teledrive.server.hubs.HubRoutes;
import dev.teledrive.server.metrics.BusMetrics;
import dev.teledrive.server.metrics.Metrics;
import dev.teledrive.server.metrics.UplinkMetrics;
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
import dev.teledrive.server.video.H264Encoder;
import dev.teledrive.server.video.LoadedCameraProvider;
import dev.teledrive.server.video.VideoAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a Teledrive together and starts it, stage by stage ({@link Teledrive#STAGES}): plugins give
 * providers, providers give vehicles (each on its own thread), vehicles feed telemetry to the
 * control service, and the web server puts the control service, the REST API and the page on one
 * port. A hub loads no plugins, picks no default vehicle, watches no folder and relays {@code /ws}
 * to its sites; a site dials NATS just before its web server starts. Kept apart from
 * {@link Teledrive}, the running server, so the wiring reads top to bottom like the drawing in
 * docs/architecture.md.
 */
final class Startup {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final Configuration configuration;
    private final List<LoadedProvider> extraProviders;
    private final List<LoadedCameraProvider> extraCameras;
    private final H264Encoder.Factory encoders;
    private final Clock clock;
    private final Consumer<String> afterStage;
    private final VehicleTimers.Source timers;
    private final boolean hub;

    Startup(
            Configuration configuration,
            List<LoadedProvider> extraProviders,
            List<LoadedCameraProvider> extraCameras,
            H264Encoder.Factory encoders,
            Clock clock,
            Consumer<String> afterStage,
            VehicleTimers.Source timers,
            boolean hub) {
        this.configuration = configuration;
        this.extraProviders = List.copyOf(extraProviders);
        this.extraCameras = List.copyOf(extraCameras);
        this.encoders = encoders;
        this.clock = clock;
        this.afterStage = afterStage;
        this.timers = timers;
        this.hub = hub;
    }

    /** Starts every part in stage order, each joining the lifecycle as it starts. */
    Teledrive start(Lifecycle lifecycle) throws Exception {
        HostSettings settings = HostSettings.from(configuration);
        stage(Teledrive.STAGE_SETTINGS);
        PluginHost plugins =
                lifecycle.add("the plugins", hub ? PluginHost.none() : PluginHost.load(settings.pluginsDir()));
        stage(Teledrive.STAGE_PLUGINS);
        Watchdog watchdog = lifecycle.add("the watchdog", new Watchdog());
        var vehicles = lifecycle.add("the vehicles", new VehicleRegistry());
        var authThrottle = new AuthThrottle(
                clock,
                AuthThrottle.Settings.of(
                        settings.access().freeAuthFailures(), settings.access().maxAuthLockout()));
        var tickets = new VideoTickets(clock);
        var cameras = lifecycle.add("the cameras", new Cameras(configuration, clock, encoders));
        var metrics = new Metrics();
        var control = new ControlService(
                new ControlSetup(
                        settings,
                        clock,
                        Teledrive.version(),
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
        var telemetry = lifecycle.add("the telemetry", new TelemetryHub(clock, control, metrics.fanoutDropListener()));

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
        stage(Teledrive.STAGE_VEHICLES);

        logAccess(settings);
        var hotPlugins = new HotPlugins(plugins, installer, cameras);
        var videoAccess = new VideoAccess(
                settings.access().required(),
                tickets,
                settings.limits().connections(),
                settings.limits().connectionsPerAddress());
        WsEndpoint ws = WebServer.controlEndpoint(control, settings);
        Map<String, ApiRoute> api;
        // A site dials NATS before its web server starts: its status shows the link. Hubs may reach
        // the site's vehicles a moment before its own page is up, which changes nothing for either.
        Optional<Site> site = hub ? Optional.empty() : Site.start(configuration, clock, vehicles, control, cameras);
        if (hub) {
            Hub relay = lifecycle.add(
                    "the hub's NATS link",
                    Hub.start(
                            configuration,
                            settings.vehicle(),
                            settings.limits(),
                            clock,
                            cameras,
                            tickets,
                            metrics::errorSent));
            ws = new WsEndpoint(
                    HubEndpoint.class,
                    () -> new HubEndpoint(relay, settings.limits(), settings.behindProxy(), Monotonic.nanoTime(clock)),
                    relay::connectionCount,
                    relay::connectionsFrom,
                    true);
            metrics.bind(new BusMetrics(
                    relay.bus(), "sites", () -> relay.sitesHeard().size(), relay::dropped));
            api = new LinkedHashMap<>(
                    RestApi.routes(vehicles, plugins, control, Teledrive.version(), clock, Optional::empty));
            api.putAll(HubRoutes.of(relay, Teledrive.version(), clock));
        } else {
            site.ifPresent(s -> {
                lifecycle.add("the site's NATS link", s);
                metrics.bind(new BusMetrics(
                        s.bus(), "hubs", () -> s.hubs().hubsHeard().size(), s.hubs()::dropped));
                metrics.bind(new UplinkMetrics(s.video().counts()));
            });
            api = RestApi.routes(vehicles, plugins, control, Teledrive.version(), clock, () -> site.map(Site::status));
        }
        var web = lifecycle.add(
                "the web server",
                new WebServer(
                        settings,
                        control,
                        api,
                        hotPlugins,
                        authThrottle,
                        metrics::scrape,
                        clock,
                        cameras,
                        videoAccess,
                        ws));
        web.start();
        stage(Teledrive.STAGE_WEB);
        lifecycle.onClose("the connections", () -> control.closeAll("server shutting down", Duration.ofMillis(250)));
        // Again here (closing twice is harmless), so that at shutdown it goes before the connections:
        // hubs then see the site fall silent and show its vehicles unreachable, rather than being
        // told to close every client they carry here.
        site.ifPresent(s -> lifecycle.onClose("the site's NATS link", s::close));
        lifecycle.onClose("the cameras and their viewers", cameras::close);
        // Before the cameras close (once the vehicles have stopped): a heartbeat written while they
        // close would list the vehicles without them, and hubs would call the cameras gone.
        site.ifPresent(s -> lifecycle.onClose("the site's heartbeat", s::fallSilent));
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
        stage(Teledrive.STAGE_WATCHER);
        return new Teledrive(web, lifecycle);
    }

    /** The turn and idle limits' timers in real time: one thread for every vehicle's seat. */
    private static VehicleTimers turnTimers(Lifecycle lifecycle) {
        ScheduledExecutorService turnThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("turns"));
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
