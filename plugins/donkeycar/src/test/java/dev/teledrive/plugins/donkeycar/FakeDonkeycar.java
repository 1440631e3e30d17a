package dev.teledrive.plugins.donkeycar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A stand-in for Donkeycar's web controller (donkeycar/parts/web_controller/web.py), speaking what
 * it speaks: {@code /wsDrive} takes JSON objects with {@code angle}, {@code throttle},
 * {@code drive_mode} and {@code recording}, and answers state changes such as
 * {@code {"driveMode":"user"}}; {@code /video} is {@code multipart/x-mixed-replace} with the
 * boundary declared as {@code --boundarydonotcross}, each part opened by that string and a bare line
 * feed, then {@code Content-type} and {@code Content-length} lines and the JPEG. It records every
 * message of every connection, and can drop its connections or go away to test the plugin's
 * recovery.
 */
final class FakeDonkeycar implements AutoCloseable {

    /** What /video serves. */
    enum Video {
        /** Donkeycar's own stream of 160x120 pictures. */
        MJPEG,
        /** An HTML page, as a wrong URL gives. */
        HTML,
        /** A multipart stream whose parts are not JPEGs. */
        GARBAGE,
        /** One picture, then nothing, with the connection left open: a car that froze. */
        FROZEN,
        /** 404 Not Found. */
        MISSING
    }

    /** One connection to /wsDrive and the messages it sent, oldest first. */
    record Connection(Session session, List<JsonNode> messages) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int WIDTH = 160;
    static final int HEIGHT = 120;

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger openVideoStreams = new AtomicInteger();
    private final AtomicInteger videoRequests = new AtomicInteger();
    private final List<byte[]> pictures = List.of(picture(0), picture(1));
    private volatile Video video = Video.MJPEG;
    private final java.util.concurrent.CountDownLatch frozenRelease = new java.util.concurrent.CountDownLatch(1);
    private Server server;
    private int port;

    /** A fake car on a free port. */
    static FakeDonkeycar start() throws Exception {
        var car = new FakeDonkeycar();
        car.listen(0);
        return car;
    }

    private void listen(int wanted) throws Exception {
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(wanted);
        server.addConnector(connector);
        var context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("video", new VideoServlet()), "/video");
        JakartaWebSocketServletContainerInitializer.configure(
                context,
                (servletContext, container) ->
                        container.addEndpoint(ServerEndpointConfig.Builder.create(DriveEndpoint.class, "/wsDrive")
                                .configurator(new ServerEndpointConfig.Configurator() {
                                    @Override
                                    public <T> T getEndpointInstance(Class<T> wanted) {
                                        return wanted.cast(new DriveEndpoint());
                                    }
                                })
                                .build()));
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    /** The web controller's WebSocket, as {@code donkeycar.url} names it. */
    URI driveUrl() {
        return URI.create("ws://127.0.0.1:" + port + "/wsDrive");
    }

    URI videoUrl() {
        return URI.create("http://127.0.0.1:" + port + "/video");
    }

    void serve(Video what) {
        video = what;
    }

    /** Every connection so far, oldest first. */
    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every message of every connection, in order. */
    List<JsonNode> messages() {
        return connections.stream().flatMap(c -> c.messages().stream()).toList();
    }

    /** The last message received, or {@code null}. */
    JsonNode last() {
        List<JsonNode> all = messages();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    int openVideoStreams() {
        return openVideoStreams.get();
    }

    int videoRequests() {
        return videoRequests.get();
    }

    /** Closes every WebSocket from the car's side, as a restarting car does. */
    void dropConnections() throws IOException {
        for (Connection c : connections) {
            if (c.session().isOpen()) {
                c.session().close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "restarting"));
            }
        }
    }

    /** Sends a state change to every client, as the car does when its mode changes. */
    void say(String json) throws IOException {
        for (Connection c : connections) {
            if (c.session().isOpen()) {
                c.session().getBasicRemote().sendText(json);
            }
        }
    }

    /** Goes away: nothing listens on the port any more. */
    void stop() throws Exception {
        server.stop();
    }

    /** Comes back on the same port. */
    void restart() throws Exception {
        listen(port);
    }

    @Override
    public void close() {
        frozenRelease.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the fake Donkeycar did not stop", e);
        }
    }

    /** A 160x120 JPEG, Donkeycar's usual picture size; each {@code n} draws a different one. */
    static byte[] picture(int n) {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < WIDTH; x++) {
            image.setRGB(x, (x * HEIGHT / WIDTH + n * 7) % HEIGHT, 0xFFFFFF);
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One /wsDrive connection: keeps every message as JSON. */
    public final class DriveEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            var connection = new Connection(session, new CopyOnWriteArrayList<>());
            connections.add(connection);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    connection.messages().add(JSON.readTree(text));
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // Donkeycar's json.loads fails too, and Tornado drops the client
                }
            });
        }
    }

    /** /video as Donkeycar's VideoAPI writes it. */
    private final class VideoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            videoRequests.incrementAndGet();
            switch (video) {
                case MISSING -> response.sendError(404);
                case HTML -> {
                    response.setContentType("text/html");
                    response.getWriter().write("<html><body>Donkey</body></html>");
                }
                case MJPEG -> stream(response, pictures);
                case GARBAGE -> stream(response, List.of("not a picture at all".getBytes(StandardCharsets.US_ASCII)));
                case FROZEN -> freeze(response);
                default -> throw new IllegalStateException(video.name());
            }
        }

        private void freeze(HttpServletResponse response) throws IOException {
            response.setHeader("Content-Type", "multipart/x-mixed-replace;boundary=--boundarydonotcross");
            openVideoStreams.incrementAndGet();
            try {
                OutputStream out = response.getOutputStream();
                byte[] part = pictures.get(0);
                out.write(("--boundarydonotcross\nContent-type: image/jpeg\r\nContent-length: " + part.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.flush();
                frozenRelease.await(); // holds the connection open, silent, until the fake car closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                openVideoStreams.decrementAndGet();
            }
        }

        /** The pictures in turn, each sent three times over, as Donkeycar repeats a picture until the next. */
        private void stream(HttpServletResponse response, List<byte[]> parts) throws IOException {
            response.setHeader("Content-Type", "multipart/x-mixed-replace;boundary=--boundarydonotcross");
            openVideoStreams.incrementAndGet();
            try {
                OutputStream out = response.getOutputStream();
                for (int i = 0; ; i++) {
                    byte[] part = parts.get(i / 3 % parts.size());
                    out.write("--boundarydonotcross\n".getBytes(StandardCharsets.US_ASCII));
                    out.write("Content-type: image/jpeg\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(("Content-length: " + part.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(part);
                    out.flush(); // fails once the viewer has gone, which ends this loop
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                openVideoStreams.decrementAndGet();
            }
        }
    }
}
