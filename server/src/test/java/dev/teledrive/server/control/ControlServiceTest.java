package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.vehicles.VehicleRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protocol core in memory: what a connection is sent, with no network in between. */
class ControlServiceTest {

    private final ControlService control = new ControlService(
            HostSettings.from(new MapConfiguration(Map.of("limits.connectionsPerAddress", "2"))),
            new VehicleRegistry(),
            Clock.systemUTC(),
            "test",
            new AuthThrottle(Clock.systemUTC(), AuthThrottle.Settings.defaults()),
            (task, delayNanos) -> () -> {});

    /** Records every frame sent to one connection, and whether it was closed. */
    private static final class Recorder {
        final List<String> frames = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();

        TextSender sender() {
            return (utf8, batch, done) -> {
                frames.add(StandardCharsets.UTF_8.decode(utf8).toString());
                done.accept(null);
            };
        }

        ConnectionCloser closer() {
            return (code, reason) -> closes.add(code);
        }
    }

    @Test
    void helloIsFirstEvenWhenTelemetryComesBetweenRegisteringAndGreeting() {
        var client = new Recorder();
        ControlSession session = control.register("10.0.0.1", client.sender(), client.closer());
        control.broadcast("any", ByteBuffer.wrap("{\"type\":\"telemetry\"}".getBytes(StandardCharsets.UTF_8)));
        control.broadcastState();
        assertTrue(client.frames.isEmpty(), "nothing before hello: " + client.frames);
        control.greet(session);
        assertTrue(client.frames.get(0).startsWith("{\"type\":\"hello\""), client.frames.toString());
    }

    @Test
    void theCapIsExactAndARefusedConnectionIsClosedWithTryAgainLater() {
        var a = new Recorder();
        var b = new Recorder();
        var c = new Recorder();
        control.register("10.0.0.1", a.sender(), a.closer());
        control.register("10.0.0.1", b.sender(), b.closer());
        assertNull(control.register("10.0.0.1", c.sender(), c.closer()));
        assertEquals(List.of(ControlService.CLOSE_TRY_AGAIN_LATER), c.closes);
        assertEquals(2, control.connectionsFrom("10.0.0.1"));
    }
}
