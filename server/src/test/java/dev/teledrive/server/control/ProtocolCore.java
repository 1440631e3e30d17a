package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.testkit.ManualClock;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.support.ManualTimers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.vehicles.Monotonic;
import dev.teledrive.server.vehicles.RunnerSetup;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import dev.teledrive.server.vehicles.Watchdog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The protocol core with no network: a {@link ControlService} over the recording vehicle, on a
 * manual clock whose timers run on the vehicle's own thread, and clients that record every frame.
 */
final class ProtocolCore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock();
    final ManualTimers timers = new ManualTimers(clock);
    final RecordingVehicle car = new RecordingVehicle();
    /** A second vehicle, listed after the first and opened only when a connection selects it. */
    final RecordingVehicle other = new RecordingVehicle();

    static final String OTHER = "other";
    private final Watchdog watchdog = new Watchdog();
    private final VehicleRegistry vehicles = new VehicleRegistry();
    final ControlService control;

    ProtocolCore(Map<String, String> keys) throws Exception {
        this(keys, Runnable::run);
    }

    /** A core whose {@code state} messages are published by {@code stateSender}, as the server's own thread does. */
    ProtocolCore(Map<String, String> keys, Executor stateSender) throws Exception {
        this(keys, setup -> setup.withStateSender(stateSender), true);
    }

    /**
     * A core built from a setup that {@code tweak} may change (to force a fault), with the two
     * recording vehicles or, for a server whose plugins folder was empty, none.
     */
    ProtocolCore(Map<String, String> keys, UnaryOperator<ControlSetup> tweak, boolean withVehicles) throws Exception {
        var configuration = new MapConfiguration(keys);
        HostSettings settings = HostSettings.from(configuration);
        control = new ControlService(
                tweak.apply(ControlSetup.of(
                        settings,
                        clock,
                        "test",
                        new AuthThrottle(clock, AuthThrottle.Settings.defaults()),
                        timers.inline())),
                vehicles);
        if (!withVehicles) {
            return;
        }
        var runners = new RunnerSetup(
                configuration,
                clock,
                Monotonic.nanoTime(clock),
                settings.deadman(),
                settings.commandTimeout(),
                watchdog,
                timers);
        vehicles.add(runner(new VehicleSpec(RecordingVehicle.ID, "Recorder"), car, runners));
        vehicles.add(runner(new VehicleSpec(OTHER, "Other"), other, runners));
        vehicles.makeDefault(RecordingVehicle.ID).get(5, TimeUnit.SECONDS);
        car.await("open");
    }

    private VehicleRunner runner(VehicleSpec spec, RecordingVehicle vehicle, RunnerSetup setup) {
        return new VehicleRunner(spec, "test", vehicle, sample -> {}, r -> vehicles.changed(), setup);
    }

    /** Waits until a vehicle shows connected: {@code select} is answered before it connects. */
    void awaitConnected(String vehicleId) throws InterruptedException {
        VehicleRunner runner = vehicles.find(vehicleId).orElseThrow();
        for (int i = 0; i < 500 && !runner.status().connected(); i++) {
            Thread.sleep(10);
        }
        if (!runner.status().connected()) {
            throw new AssertionError(vehicleId + " did not connect: " + runner.status());
        }
    }

    /** A connection from this address, greeted; its hello is the first frame it holds. */
    Client connect(String address) {
        var client = new Client();
        client.session = control.register(
                address,
                (utf8, batch, done) -> {
                    client.frames.add(StandardCharsets.UTF_8.decode(utf8).toString());
                    done.accept(null);
                },
                (code, reason) -> client.closes.add(code));
        if (client.session != null) {
            control.greet(client.session);
        }
        return client;
    }

    @Override
    public void close() {
        vehicles.close();
        watchdog.close();
    }

    /** One connection's side: what it sends, and every frame it gets. */
    final class Client {
        ControlSession session;
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final List<Integer> closes = new ArrayList<>();
        private final List<JsonNode> backlog = new ArrayList<>();

        void send(String json) {
            control.onText(session, json);
        }

        /** Sends a message with this id and returns the reply to it (an ack or an error). */
        JsonNode request(String id, String json) throws Exception {
            send(json.replaceFirst("\\{", "{\"id\":\"" + id + "\","));
            return reply(id);
        }

        /** The reply to this id, waiting for it (replies may come from the vehicle's thread); others stay for later. */
        JsonNode reply(String id) throws Exception {
            return take(m -> m.has("id") && id.equals(m.path("id").asText()));
        }

        /** Every frame not yet taken, oldest first, taking them. */
        List<JsonNode> drain() throws Exception {
            List<JsonNode> all = new ArrayList<>(backlog);
            backlog.clear();
            List<String> fresh = new ArrayList<>();
            frames.drainTo(fresh);
            for (String f : fresh) {
                all.add(JSON.readTree(f));
            }
            return all;
        }

        /** Forgets every frame received so far, so the next wait sees only what comes after. */
        void clear() {
            backlog.clear();
            frames.clear();
        }

        /** The next frame that matches; frames passed over stay for later calls. */
        JsonNode next(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            return take(wanted);
        }

        /** The next frame of this type; frames passed over stay for later calls. */
        JsonNode next(String type) throws Exception {
            return take(m -> type.equals(m.path("type").asText()));
        }

        private JsonNode take(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            for (var it = backlog.iterator(); it.hasNext(); ) {
                JsonNode m = it.next();
                if (wanted.test(m)) {
                    it.remove();
                    return m;
                }
            }
            while (true) {
                JsonNode m = nextFrame();
                if (wanted.test(m)) {
                    return m;
                }
                backlog.add(m);
            }
        }

        void closeConnection() {
            control.onClose(session);
        }

        private JsonNode nextFrame() throws Exception {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame came");
            }
            return JSON.readTree(frame);
        }
    }
}
