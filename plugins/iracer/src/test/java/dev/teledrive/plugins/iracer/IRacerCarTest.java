package dev.teledrive.plugins.iracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.Command;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.testkit.TestVehicleContext;
import dev.teledrive.iracer.fake.FakeIRacer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plugin against a fake car on a real TCP link. */
class IRacerCarTest {

    private final FakeIRacer car;
    private Vehicle vehicle;

    IRacerCarTest() throws Exception {
        car = new FakeIRacer();
    }

    @AfterEach
    void close() throws Exception {
        if (vehicle != null) {
            vehicle.close();
        }
        car.close();
    }

    private Vehicle open(Map<String, String> keys) throws Exception {
        var context = new TestVehicleContext("iracer", keys);
        vehicle = new IRacerProvider().open(context);
        vehicle.connect();
        return vehicle;
    }

    private static Command command(String name, Map<String, ?> fields) throws Exception {
        return StandardVocabulary.motion(255).find(name).orElseThrow().bind(fields, Duration.ofMillis(100));
    }

    @Test
    void connectingSendsAStopThenEveryCommandIsItsByte() throws Exception {
        open(Map.of("iracer.url", car.url()));
        assertEquals(0x00, car.nextByte(), "a stop first: the car may hold an old command");
        vehicle.accept(command("up", Map.of()));
        assertEquals(0x1C, car.nextByte());
        vehicle.accept(command("down", Map.of("speed", 3)));
        assertEquals(0x23, car.nextByte());
        vehicle.accept(command("left", Map.of()));
        assertEquals(0x3C, car.nextByte());
        vehicle.accept(command("right", Map.of()));
        assertEquals(0x4C, car.nextByte());
        vehicle.accept(command("raw", Map.of("data", 0x7A)));
        assertEquals(0x7A, car.nextByte());
        vehicle.accept(command("drive", Map.of("throttle", -1.0, "steer", 1.0)));
        assertEquals(0x8F, car.nextByte());
        vehicle.stop();
        assertEquals(0x00, car.nextByte());
    }

    @Test
    void theMaximumSpeedCapsEveryCommand() throws Exception {
        open(Map.of("iracer.url", car.url(), "iracer.maxSpeed", "8"));
        car.nextByte();
        vehicle.accept(command("up", Map.of("speed", 15)));
        assertEquals(0x18, car.nextByte());
        vehicle.accept(command("raw", Map.of("data", 0x2F)));
        assertEquals(0x28, car.nextByte());
    }

    @Test
    void aDroppedLinkReconnectsAndSendsAStopFirst() throws Exception {
        var context =
                new TestVehicleContext("iracer", Map.of("iracer.url", car.url(), "iracer.reconnectMaxMillis", "500"));
        vehicle = new IRacerProvider().open(context);
        vehicle.connect();
        car.nextByte();
        vehicle.accept(command("up", Map.of()));
        assertEquals(0x1C, car.nextByte());
        car.dropLink();
        // The drop shows on a write: keep driving until the link has been made again.
        int before = car.connections();
        for (int i = 0; i < 250 && car.connections() == before; i++) {
            try {
                vehicle.accept(command("up", Map.of()));
            } catch (VehicleException e) {
                // refused while reconnecting: fine, CarLinkTest checks that
            }
            Thread.sleep(20);
        }
        assertEquals(before + 1, car.connections(), "reconnected");
        car.awaitByte(0x00);
        for (int i = 0; i < 250 && !context.states().contains("connected"); i++) {
            Thread.sleep(20);
        }
        assertTrue(context.states().contains("connecting"), context.states().toString());
        assertEquals(
                "connected",
                context.states().get(context.states().size() - 1),
                context.states().toString());
        vehicle.accept(command("up", Map.of("speed", 4)));
        assertEquals(0x14, car.nextByte());
    }

    @Test
    void keepAliveRepeatsTheCurrentCommand() throws Exception {
        open(Map.of("iracer.url", car.url(), "iracer.keepAliveMillis", "50"));
        car.nextByte();
        vehicle.accept(command("up", Map.of()));
        assertEquals(0x1C, car.nextByte());
        assertEquals(0x1C, car.nextByte(), "repeated");
        assertEquals(0x1C, car.nextByte(), "and again");
    }

    @Test
    void nothingListeningIsAClearReason() throws Exception {
        // Port 1: nothing listens there, and unlike a just-closed ephemeral port a connection
        // to it can never meet itself (Linux's loopback self-connect).
        String url = "tcp://127.0.0.1:1";
        var e = assertThrows(VehicleException.class, () -> open(Map.of("iracer.url", url)));
        assertTrue(e.getMessage().startsWith("nothing answers at " + url), e.getMessage());
        assertTrue(e.getMessage().contains("serial bridge"), e.getMessage());
    }

    @Test
    void severalCarsEachGetTheirOwnVehicleAndUrl() throws Exception {
        var provider = new IRacerProvider();
        var config = new TestVehicleContext("x", Map.of("iracer.cars", "red, blue", "iracer.red.url", car.url()))
                .configuration();
        assertEquals(
                List.of("iracer-red", "iracer-blue"),
                provider.vehicles(config).stream().map(v -> v.id()).toList());
        var red = new TestVehicleContext("iracer-red", Map.of("iracer.cars", "red,blue", "iracer.red.url", car.url()));
        vehicle = provider.open(red);
        vehicle.connect();
        assertEquals(0x00, car.nextByte());
        var blue =
                new TestVehicleContext("iracer-blue", Map.of("iracer.cars", "red,blue", "iracer.red.url", car.url()));
        var e = assertThrows(VehicleException.class, () -> provider.open(blue));
        assertTrue(e.getMessage().contains("set iracer.blue.url"), e.getMessage());
    }

    @Test
    void withoutAnyUrlTheVehicleIsListedAndExplainsWhatToSet() throws Exception {
        var provider = new IRacerProvider();
        var context = new TestVehicleContext("iracer", Map.of());
        assertEquals("iracer", provider.vehicles(context.configuration()).get(0).id());
        var e = assertThrows(VehicleException.class, () -> provider.open(context));
        assertTrue(e.getMessage().contains("set iracer.url to btspp://"), e.getMessage());
        assertTrue(e.getMessage().contains("choose the simulator"), e.getMessage());
        var bad = new TestVehicleContext("iracer", Map.of("iracer.url", "carrier-pigeon://home"));
        e = assertThrows(VehicleException.class, () -> provider.open(bad));
        assertTrue(e.getMessage().contains("is not a link to a car"), e.getMessage());
    }
}
