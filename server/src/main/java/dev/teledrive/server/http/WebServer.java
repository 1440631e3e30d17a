package dev.teledrive.server.http;

import dev.teledrive.server.control.ControlEndpoint;
import dev.teledrive.server.control.ControlService;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty assembly: one port for the page, the REST API and the WebSocket at {@code /ws}, and
 * optionally the legacy port that serves the same endpoint at {@code /} for the 2012 client.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Where the web module's jar keeps the page. */
    private static final String PAGE_RESOURCES = "teledrive/web/";
    private static final String MAIN = "main";
    private static final String LEGACY = "legacy";
    /** Long enough for a spectator that only listens; the page pings every second anyway. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final Server server;
    private final ServerConnector main;
    private final ServerConnector legacy;

    /**
     * @param bind       the address to listen on
     * @param port       the main port, 0 for any free one
     * @param legacyPort the legacy port, or {@code null} for none
     * @param control    the protocol behind both WebSocket endpoints
     * @param frameBytes the largest message accepted
     * @param api        the REST API: path (such as {@code /api/status}) to the value served as JSON
     */
    public WebServer(String bind, int port, Integer legacyPort, ControlService control, int frameBytes,
                     Map<String, Supplier<Object>> api) {
        var threads = new QueuedThreadPool();
        threads.setName("http");
        server = new Server(threads);
        // No graceful wait: WebSockets are closed with 1001 before the server stops, and Jetty's
        // graceful stop would otherwise sit out its whole timeout on idle keep-alive sockets.
        server.setStopTimeout(0);
        main = connector(MAIN, bind, port);
        server.addConnector(main);

        var contexts = new ContextHandlerCollection();
        contexts.addHandler(mainContext(control, frameBytes, api));
        if (legacyPort != null) {
            legacy = connector(LEGACY, bind, legacyPort);
            server.addConnector(legacy);
            contexts.addHandler(legacyContext(control, frameBytes));
        } else {
            legacy = null;
        }
        server.setHandler(contexts);
    }

    /** Starts listening. */
    public void start() throws Exception {
        server.start();
    }

    /** The page's address with the real port, such as {@code http://127.0.0.1:8000/}. */
    public URI uri() {
        return URI.create("http://" + hostForUri(main.getHost()) + ":" + main.getLocalPort() + "/");
    }

    /** The legacy endpoint's port, if it is open. */
    public Integer legacyPort() {
        return legacy == null ? null : legacy.getLocalPort();
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

    private ServerConnector connector(String name, String bind, int port) {
        var connector = new ServerConnector(server, 1, 1);
        connector.setName(name);
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
    }

    private ServletContextHandler mainContext(ControlService control, int frameBytes, Map<String, Supplier<Object>> api) {
        var context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of("@" + MAIN));
        Resource page = ResourceFactory.of(context).newClassLoaderResource(PAGE_RESOURCES);
        if (page == null) {
            LOG.warn("the web page is missing from the class path ({}): only the API and WebSocket are served", PAGE_RESOURCES);
        } else {
            context.setBaseResource(page);
        }
        context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new SecurityHeaders()), "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        var files = new ServletHolder("page", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        var apiHolder = new ServletHolder("api", new ApiServlet(new ObjectMapper(), api));
        context.addServlet(apiHolder, "/api/*");
        context.addServlet(apiHolder, "/healthz");
        addEndpoint(context, "/ws", control, frameBytes);
        return context;
    }

    private ServletContextHandler legacyContext(ControlService control, int frameBytes) {
        var context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of("@" + LEGACY));
        addEndpoint(context, "/", control, frameBytes);
        return context;
    }

    private static void addEndpoint(ServletContextHandler context, String path, ControlService control, int frameBytes) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ControlEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new ControlEndpoint(control, frameBytes));
                    }
                })
                .build();
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxTextMessageBufferSize(frameBytes);
            container.setDefaultMaxBinaryMessageBufferSize(frameBytes);
            container.setDefaultMaxSessionIdleTimeout(IDLE_TIMEOUT.toMillis());
            container.addEndpoint(config);
        });
    }

    private static String hostForUri(String host) {
        if (host == null || host.isEmpty()) {
            return "0.0.0.0";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
