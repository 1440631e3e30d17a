package dev.teledrive.server;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.http.RestApi;
import dev.teledrive.server.http.WebServer;
import dev.teledrive.server.plugins.HotPlugins;
import dev.teledrive.server.plugins.PluginHost;
import dev.teledrive.server.plugins.PluginWatcher;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import dev.teledrive.server.telemetry.TelemetryHub;
import dev.teledrive.server.vehicles.LoadedProvider;
import dev.teledrive.server.vehicles.VehicleInstaller;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Teledrive: the Jetty host with its plugins loaded. {@code main} builds the
 * configuration and calls {@link #start(Configuration)}; tests do the same with port 0.
 *
 * <p>The wiring reads top to bottom like the architecture: plugins give providers, providers
 * give vehicles (each on its own thread), vehicles feed telemetry to the control service, and
 * the web server puts the control service, the REST API and the page on one port.
 */
public final class Teledrive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Teledrive.class);

    private final PluginHost plugins;
    private final VehicleRegistry vehicles;
    private final ControlService control;
    private final TelemetryHub telemetry;
    private final WebServer web;
    private final PluginWatcher watcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Teledrive(PluginHost plugins, VehicleRegistry vehicles, ControlService control, TelemetryHub telemetry,
                      WebServer web, PluginWatcher watcher) {
        this.plugins = plugins;
        this.vehicles = vehicles;
        this.control = control;
        this.telemetry = telemetry;
        this.web = web;
        this.watcher = watcher;
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

    /** Stops every vehicle, closes every connection with 1001 and stops listening. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("shutting down: stopping every vehicle");
        if (watcher != null) {
            watcher.close();
        }
        for (VehicleRunner v : vehicles.all()) {
            try {
                v.stop().get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("vehicle '{}' did not confirm its stop: {}", v.id(), e.toString());
            }
        }
        control.closeAll("server shutting down", Duration.ofMillis(500));
        telemetry.close();
        web.close();
        vehicles.close();
        plugins.close();
        LOG.info("stopped");
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        web.join();
    }

    /** Assembles a {@link Teledrive}. */
    public static final class Builder {
        private final Configuration configuration;
        private final List<LoadedProvider> extraProviders = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(Configuration configuration) {
            this.configuration = configuration;
        }

        /** The clock vehicles and the protocol read. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Adds a provider as if a plugin with this id had contributed it. */
        public Builder provider(String pluginId, VehicleProvider provider) {
            extraProviders.add(new LoadedProvider(pluginId, provider));
            return this;
        }

        /** Loads plugins, opens the default vehicle, listens. */
        public Teledrive start() throws Exception {
            HostSettings settings = HostSettings.from(configuration);
            PluginHost plugins = PluginHost.load(settings.pluginsDir());
            var vehicles = new VehicleRegistry();
            var authThrottle = new AuthThrottle(clock, new AuthThrottle.Settings(settings.access().freeAuthFailures(),
                    AuthThrottle.Settings.defaults().firstLockout(), settings.access().maxAuthLockout(),
                    AuthThrottle.Settings.defaults().forgetAfter(), AuthThrottle.Settings.defaults().logInterval()));
            var control = new ControlService(settings, vehicles, clock, version(), authThrottle);
            var telemetry = new TelemetryHub(clock, vehicles::selectedId, control);

            var installer = new VehicleInstaller(configuration, clock, settings.deadman(), settings.commandTimeout(), vehicles,
                    telemetry::sinkFor, settings.vehicle());
            List<LoadedProvider> providers = new ArrayList<>(plugins.providers());
            providers.addAll(extraProviders);
            for (LoadedProvider p : providers) {
                plugins.noteVehicles(p.pluginId(), installer.install(p));
            }
            installer.selectFallback();
            awaitSelected(vehicles);
            var hotPlugins = new HotPlugins(plugins, installer);
            PluginWatcher watcher = settings.watchPlugins() ? PluginWatcher.start(settings.pluginsDir(), hotPlugins) : null;

            logAccess(settings);
            var web = new WebServer(settings, control, RestApi.routes(vehicles, plugins, control, version(), clock), hotPlugins,
                    authThrottle, clock);
            try {
                web.start();
            } catch (Exception e) {
                if (watcher != null) {
                    watcher.close();
                }
                vehicles.close();
                plugins.close();
                telemetry.close();
                web.close();
                throw e;
            }
            return new Teledrive(plugins, vehicles, control, telemetry, web, watcher);
        }

        /** A simulator connects at once; a slow radio link must not hold up the ready line for long. */
        private static void awaitSelected(VehicleRegistry vehicles) {
            vehicles.selected().ifPresent(v -> {
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
            LOG.info("access control is on: driver token {}{}{}", Tokens.fingerprint(access.driverToken().orElseThrow()),
                    access.spectatorToken().map(t -> ", spectator token " + Tokens.fingerprint(t)).orElse(""),
                    access.adminToken().map(t -> ", admin token " + Tokens.fingerprint(t)).orElse(""));
        }

    }
}
