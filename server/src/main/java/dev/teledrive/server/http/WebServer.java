package dev.teledrive.server.http;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.ControlEndpoint;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.plugins.HotPlugins;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.HostPolicy;
import dev.teledrive.server.video.Cameras;
import dev.teledrive.server.video.VideoAccess;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty assembly: one port for the page, the REST API, the WebSocket at {@code /ws}, and video
 * ({@code /video} and {@code /video/<camera>.mjpg}) (plain
 * or TLS, directly or behind a reverse proxy), optionally the legacy port that serves the same
 * endpoint at {@code /} for the 2012 client, and with TLS an optional port that redirects to https.
 *
 * <p>The Jetty assembly reads top to bottom, as in Jetty's own embedded examples: connectors, then
 * handlers; what each port serves is {@link WebContexts}', and the pieces with behaviour live in
 * classes of their own.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String MAIN = WebContexts.MAIN;
    private static final String LEGACY = WebContexts.LEGACY;
    private static final String REDIRECT = WebContexts.REDIRECT;
    /** Connections the kernel may hold before Jetty accepts them (capped by net.core.somaxconn). */
    private static final int ACCEPT_QUEUE = 1024;

    private final Server server;
    private final ServerConnector main;
    private final ServerConnector legacy;
    private final boolean tls;
    private final SocketCaps sockets;
    private HttpConfiguration redirectHttp;

    /**
     * @param settings the host settings: ports, TLS, proxy, limits, origins
     * @param control  the protocol behind both WebSocket endpoints
     * @param api      the REST API: path (such as {@code /api/status}) to the value served as JSON
     * @param plugins  plugin management for the admin API
     * @param ws       what serves {@code /ws}: the protocol core, or a hub's relay
     */
    public WebServer(
            HostSettings settings,
            ControlService control,
            Map<String, ApiRoute> api,
            HotPlugins plugins,
            AuthThrottle authThrottle,
            Supplier<String> metrics,
            Clock clock,
            Cameras cameras,
            VideoAccess videoAccess,
            WsEndpoint ws) {
        var threads = new QueuedThreadPool();
        threads.setName("http");
        server = new Server(threads);
        // No graceful wait: WebSockets are closed with 1001 before the server stops, and Jetty's
        // graceful stop would otherwise sit out its whole timeout on idle keep-alive sockets.
        server.setStopTimeout(0);
        tls = settings.tls().isPresent();
        HostSettings.Limits limits = settings.limits();
        Duration idle = limits.httpIdle(); // a WebSocket gets limits.idle from its container once upgraded
        sockets = new SocketCaps(
                SocketBudget.cap(limits.sockets()), limits.socketsPerAddress(), !settings.behindProxy(), clock);
        Duration deadline = limits.requestHeaders();

        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (settings.behindProxy()) {
            http.addCustomizer(new NearestProxyHeaders()); // first: Jetty's own takes the leftmost address
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        if (tls) {
            var secure = new SecureRequestCustomizer();
            secure.setStsMaxAge(Duration.ofDays(180).toSeconds()); // HSTS: browsers stay on https
            secure.setSniHostCheck(false); // a self-signed certificate for a name the client may not use
            http.addCustomizer(secure);
            main = tlsConnector(settings.tls().get(), http, deadline);
            settings.tls()
                    .get()
                    .redirectPort()
                    .ifPresent(p -> server.addConnector(redirectConnector(settings.bind(), p, idle, deadline)));
        } else {
            main = new BurstConnector(server, deadline, sockets, new HttpConnectionFactory(http));
        }
        configure(main, MAIN, settings.bind(), settings.port(), idle);
        server.addConnector(main);

        var served = new WebContexts(settings);
        var contexts = new ContextHandlerCollection();
        contexts.addHandler(served.main(control, api, plugins, authThrottle, metrics, cameras, videoAccess, ws));
        if (settings.legacyPort().isPresent()) {
            legacy = new BurstConnector(server, deadline, sockets, new HttpConnectionFactory(http));
            configure(legacy, LEGACY, settings.bind(), settings.legacyPort().get(), idle);
            server.addConnector(legacy);
            contexts.addHandler(served.legacy(control));
        } else {
            legacy = null;
        }
        if (tls && settings.tls().get().redirectPort().isPresent()) {
            contexts.addHandler(served.redirect());
        }
        var sendBuffer = new SendBuffer(SendBuffer.BYTES);
        Handler handler = new UpgradeGate(
                new MjpegHandler(contexts, cameras, videoAccess, MAIN, sendBuffer),
                ws,
                videoAccess,
                sendBuffer,
                settings,
                LEGACY,
                clock);
        if (settings.openOnLoopback()) {
            handler = new HostCheck(handler, new HostPolicy(settings.access().allowedHosts()), clock);
        }
        server.setHandler(new RequestDeadline.Tracker(handler));
    }

    /** Starts listening. */
    public void start() throws Exception {
        server.start();
        if (redirectHttp != null) {
            redirectHttp.setSecurePort(main.getLocalPort()); // known only now when the port was 0
        }
    }

    /** The page's address with the real port, such as {@code http://127.0.0.1:8000/}. */
    public URI uri() {
        return URI.create(
                (tls ? "https://" : "http://") + hostForUri(main.getHost()) + ":" + main.getLocalPort() + "/");
    }

    /** The legacy endpoint's port, if it is open. */
    public OptionalInt legacyPort() {
        return legacy == null ? OptionalInt.empty() : OptionalInt.of(legacy.getLocalPort());
    }

    /**
     * Stops taking new sockets, first thing at shutdown: the kernel refuses them from now on, so a
     * flood still arriving costs the server nothing while it stops its vehicles and says goodbye to
     * the connections it has.
     */
    public void stopAccepting() {
        for (var connector : server.getConnectors()) {
            if (connector instanceof ServerConnector listening) {
                listening.close();
            }
        }
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the web server failed", e);
        }
    }

    private ServerConnector tlsConnector(HostSettings.Tls certificate, HttpConfiguration http, Duration deadline) {
        var ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(certificate.keystore().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(certificate.password());
        return new BurstConnector(
                server, deadline, sockets, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    }

    private ServerConnector redirectConnector(String bind, int port, Duration idle, Duration deadline) {
        var plain = new HttpConfiguration();
        plain.setSendServerVersion(false);
        plain.setSecureScheme("https");
        redirectHttp = plain;
        var connector = new BurstConnector(server, deadline, sockets, new HttpConnectionFactory(plain));
        configure(connector, REDIRECT, bind, port, idle);
        return connector;
    }

    private static void configure(ServerConnector connector, String name, String bind, int port, Duration idle) {
        connector.setName(name);
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(idle.toMillis());
        // A crowd arriving at once (a shared link, a reconnect after a network blip) overflows the
        // JDK's default backlog of 50, and each dropped SYN costs its client a 1 s retransmit.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
    }

    /** The protocol core at {@code /ws}, as every server but a hub has it. */
    public static WsEndpoint controlEndpoint(ControlService control, HostSettings settings) {
        int frameBytes = settings.limits().frameBytes();
        return new WsEndpoint(
                ControlEndpoint.class,
                () -> new ControlEndpoint(control, frameBytes, settings.behindProxy()),
                control::connectionCount,
                control::connectionsFrom,
                false);
    }

    private static String hostForUri(String host) {
        if (host == null || host.isEmpty()) {
            return "0.0.0.0";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
