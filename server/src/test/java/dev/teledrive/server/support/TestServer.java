package dev.teledrive.server.support;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real Teledrive on port 0 with the real simulator plugin jar copied into a temporary plugins
 * folder, plus the {@link RecordingVehicle} registered in code.
 */
public final class TestServer implements AutoCloseable {

    private final Teledrive teledrive;
    private final RecordingVehicle recorder = new RecordingVehicle();
    private final Path plugins;
    private final Optional<String> ownerToken;

    private TestServer(Path plugins, MapConfiguration configuration, UnaryOperator<Teledrive.Builder> more)
            throws Exception {
        this.plugins = plugins;
        this.ownerToken = configuration.get("adminToken").or(() -> configuration.get("driverToken"));
        this.teledrive = more.apply(Teledrive.builder(configuration).provider("test", recorder))
                .start();
    }

    /** A server with the simulator plugin and the test vehicle; {@code tweak} may add keys. */
    public static TestServer start(Path tempDir, UnaryOperator<MapConfiguration> tweak) throws Exception {
        return start(tempDir, tweak, b -> b);
    }

    /** A server with the simulator plugin and the test vehicle, and whatever {@code more} adds, such as cameras. */
    public static TestServer start(
            Path tempDir, UnaryOperator<MapConfiguration> tweak, UnaryOperator<Teledrive.Builder> more)
            throws Exception {
        Path plugins = Files.createDirectories(tempDir.resolve("plugins"));
        copySimulator(plugins);
        var config = new MapConfiguration(Map.of("port", "0", "plugins", plugins.toString()));
        return new TestServer(plugins, tweak.apply(config), more);
    }

    /** A server with the default configuration. */
    public static TestServer start(Path tempDir) throws Exception {
        return start(tempDir, c -> c);
    }

    /** Copies the simulator plugin jar that Maven built into a plugins folder. */
    public static void copySimulator(Path plugins) throws IOException {
        copyPlugin("simulator.jar", plugins);
    }

    /** Copies a plugin jar that Maven built ({@code simulator.jar}, {@code iracer.jar}) into a plugins folder. */
    public static void copyPlugin(String jar, Path plugins) throws IOException {
        Path built = Path.of(System.getProperty("teledrive.test.plugins", "target/test-plugins"), jar);
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the plugin jar is missing at " + built + ": build with ./mvnw verify");
        }
        Files.copy(built, plugins.resolve(jar));
    }

    public Teledrive teledrive() {
        return teledrive;
    }

    public RecordingVehicle recorder() {
        return recorder;
    }

    public Path plugins() {
        return plugins;
    }

    /** The video WebSocket's address. */
    public URI video() {
        return URI.create(teledrive.uri().toString().replaceFirst("^http", "ws") + "video");
    }

    /** The WebSocket endpoint's address. */
    public URI ws() {
        return URI.create(teledrive.uri().toString().replaceFirst("^http", "ws") + "ws"); // https -> wss too
    }

    /**
     * Opens a client once the server has greeted it, its {@code hello} left for the test to read.
     * The handshake's end alone does not order two clients: Jetty runs the endpoint's onOpen after
     * the 101 has gone out, so a second client could be registered first, and the first registered
     * is the one that drives.
     */
    public WsClient connect() throws Exception {
        WsClient c = WsClient.connect(ws());
        try {
            c.peek(m -> "hello".equals(m.path("type").asText()));
            return c;
        } catch (AssertionError | InterruptedException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Connects as the driver and selects the recording vehicle once it is connected, with its
     * history cleared, so a test sees exactly what its own commands do to it.
     */
    public WsClient driveRecorder() throws Exception {
        WsClient c = connect();
        c.next("hello");
        var reply = c.request(
                "select-recorder", "{\"command\":\"select\",\"vehicle\":\"recorder\",\"id\":\"select-recorder\"}");
        if (!"ack".equals(reply.path("type").asText())) {
            throw new AssertionError("could not select the recorder: " + reply);
        }
        recorder.await("open");
        c.peek(WsClient.showing(RecordingVehicle.ID, "connected")); // select is answered before it connects
        recorder.clear();
        return c;
    }

    /**
     * GETs a path as the owner (with the admin token, else the driver token, where access control is
     * on) and returns status and body.
     */
    public HttpResponse<String> get(String path) throws Exception {
        return get(path, ownerToken.orElse(null));
    }

    /** GETs a path with this bearer token, or none for {@code null}. */
    public HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(teledrive.uri().resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        teledrive.close();
    }
}
