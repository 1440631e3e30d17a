package dev.teledrive.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.ControlEndpoint;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.plugins.HotPlugins;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.video.Cameras;
import dev.teledrive.server.video.VideoAccess;
import dev.teledrive.server.video.VideoEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each port serves, one context per connector (matched by the connector's name): the main
 * port's page, APIs and WebSockets, the legacy port's endpoint at {@code /}, the redirect port's
 * move to https. {@link WebServer} assembles Jetty's connectors and handlers around them.
 */
final class WebContexts {

    private static final Logger LOG = LoggerFactory.getLogger(WebContexts.class);
    /** Where the web module's jar keeps the page. */
    private static final String PAGE_RESOURCES = "teledrive/web/";

    // The connectors' names, which pick their contexts.
    static final String MAIN = "main";
    static final String LEGACY = "legacy";
    static final String REDIRECT = "redirect";

    private final HostSettings settings;

    WebContexts(HostSettings settings) {
        this.settings = settings;
    }

    /** The page, the REST API, {@code /metrics}, the admin API, {@code /ws} and {@code /video}. */
    ServletContextHandler main(
            ControlService control,
            Map<String, ApiRoute> api,
            HotPlugins plugins,
            AuthThrottle authThrottle,
            Supplier<String> metrics,
            Cameras cameras,
            VideoAccess videoAccess,
            WsEndpoint ws) {
        var context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of("@" + MAIN));
        Resource page = ResourceFactory.of(context).newClassLoaderResource(PAGE_RESOURCES);
        if (page == null) {
            LOG.warn(
                    "the web page is missing from the class path ({}): only the API and WebSocket are served",
                    PAGE_RESOURCES);
        } else {
            context.setBaseResource(page);
        }
        context.addFilter(new FilterHolder(new SecurityHeaders()), "/*", EnumSet.of(DispatcherType.REQUEST));
        var files = new ServletHolder("page", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        var apiAccess = new ApiAccess(settings.access(), authThrottle, new ObjectMapper());
        var apiHolder = new ServletHolder("api", new ApiServlet(new ObjectMapper(), api, apiAccess));
        context.addServlet(apiHolder, "/api/*");
        context.addServlet(apiHolder, "/healthz");
        context.addServlet(
                new ServletHolder(
                        "metrics",
                        new MetricsServlet(
                                metrics, settings.access().adminToken(), settings.behindProxy(), authThrottle)),
                "/metrics");
        context.addServlet(
                new ServletHolder(
                        "admin",
                        new AdminServlet(plugins, control, settings.access().adminToken(), apiAccess, ws.relay())),
                "/api/admin/*");
        addEndpoint(context, "/ws", ws, videoEndpoint(cameras, videoAccess));
        return context;
    }

    /** The video WebSocket, beside {@code /ws} in the same container. */
    private ServerEndpointConfig videoEndpoint(Cameras cameras, VideoAccess access) {
        return endpoint(
                VideoEndpoint.class,
                UpgradeGate.VIDEO,
                () -> new VideoEndpoint(cameras, access, settings.behindProxy()),
                VideoEndpoint.HEADERS);
    }

    /**
     * An endpoint at {@code path}, one instance per connection from {@code factory}, handed the
     * handshake's headers under {@code headersKey}: behind a proxy they name the client.
     */
    private static ServerEndpointConfig endpoint(Class<?> type, String path, Supplier<?> factory, String headersKey) {
        return ServerEndpointConfig.Builder.create(type, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> wanted) {
                        return wanted.cast(factory.get());
                    }

                    @Override
                    public void modifyHandshake(
                            ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                        sec.getUserProperties().put(headersKey, Map.copyOf(request.getHeaders()));
                    }
                })
                .build();
    }

    /** The 2012 client's endpoint: the same protocol at the root of its own port. */
    ServletContextHandler legacy(ControlService control) {
        var context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of("@" + LEGACY));
        addEndpoint(context, "/", WebServer.controlEndpoint(control, settings), null);
        return context;
    }

    /** Plain http on the redirect port: everything moves to https. */
    ContextHandler redirect() {
        var context = new ContextHandler("/");
        context.setVirtualHosts(List.of("@" + REDIRECT));
        context.setHandler(new SecuredRedirectHandler());
        return context;
    }

    private void addEndpoint(ServletContextHandler context, String path, WsEndpoint ws, ServerEndpointConfig also) {
        int frameBytes = settings.limits().frameBytes();
        ServerEndpointConfig config = endpoint(ws.type(), path, ws.factory(), ControlEndpoint.HEADERS);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxTextMessageBufferSize(frameBytes);
            container.setDefaultMaxBinaryMessageBufferSize(frameBytes);
            container.setDefaultMaxSessionIdleTimeout(settings.limits().idle().toMillis());
            container.addEndpoint(config);
            if (also != null) {
                container.addEndpoint(also);
            }
        });
    }
}
