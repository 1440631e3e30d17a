package dev.teledrive.plugins.donkeycar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.CameraSpec;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleSpec;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.api.testkit.TestCameraContext;
import dev.teledrive.api.testkit.TestVehicleContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which cars and cameras the configuration gives, and the errors a bad one gets. */
class DonkeycarProviderTest {

    private final DonkeycarProvider provider = new DonkeycarProvider();

    @Test
    void noConfigurationOffersNothing() {
        var none = new MapConfiguration(Map.of());
        assertEquals(List.of(), provider.vehicles(none));
        assertEquals(List.of(), provider.cameras(none));
    }

    @Test
    void oneUrlIsOneCarWithItsCamera() {
        var c = new MapConfiguration(Map.of("donkeycar.url", "ws://donkey.local:8887/wsDrive"));
        assertEquals(List.of(new VehicleSpec("donkeycar", "Donkeycar")), provider.vehicles(c));
        assertEquals(List.of(new CameraSpec("donkeycar", "donkeycar", "Donkeycar camera")), provider.cameras(c));
    }

    @Test
    void severalCarsEachWithTheirOwnKeysAndCameraUnlessTheirVideoIsOff() {
        var c = new MapConfiguration(Map.of(
                "donkeycar.cars", "a, b,a",
                "donkeycar.a.url", "ws://a.local:8887/wsDrive",
                "donkeycar.b.url", "ws://b.local:8887/wsDrive",
                "donkeycar.b.video", "off"));
        assertEquals(
                List.of(new VehicleSpec("donkeycar-a", "Donkeycar a"), new VehicleSpec("donkeycar-b", "Donkeycar b")),
                provider.vehicles(c));
        assertEquals(
                List.of("donkeycar-a"),
                provider.cameras(c).stream().map(CameraSpec::id).toList());
    }

    @Test
    void aBadCarNameNamesTheKey() {
        var c = new MapConfiguration(Map.of("donkeycar.cars", "Red Car"));
        var e = assertThrows(IllegalArgumentException.class, () -> provider.vehicles(c));
        assertTrue(e.getMessage().contains("donkeycar.cars"), e.getMessage());
    }

    @Test
    void theVocabularyIsTheStandardOneWithoutRawAndWithRecord() {
        var names = provider.vocabulary().commands().stream().map(s -> s.name()).toList();
        assertEquals(List.of("up", "down", "left", "right", "stop", "drive", "record"), names);
        assertEquals(
                CommandKind.ACTION,
                provider.vocabulary().find("record").orElseThrow().kind());
    }

    @Test
    void aUrlWithoutAPathGetsWsDriveAndTheVideoBesideIt() {
        var s = DonkeycarSettings.from(new MapConfiguration(Map.of("donkeycar.url", " ws://donkey.local:8887 ")), null);
        assertEquals(URI.create("ws://donkey.local:8887/wsDrive"), s.drive());
        assertEquals(Optional.of(URI.create("http://donkey.local:8887/video")), s.video());
        var secure = DonkeycarSettings.from(
                new MapConfiguration(Map.of("donkeycar.url", "wss://car.example/wsDrive")), null);
        assertEquals(Optional.of(URI.create("https://car.example/video")), secure.video());
    }

    @Test
    void aCarFallsBackToThePluginWideKeys() {
        var s = DonkeycarSettings.from(
                new MapConfiguration(Map.of(
                        "donkeycar.a.url", "ws://a.local:8887/wsDrive",
                        "donkeycar.maxThrottle", "0.3",
                        "donkeycar.a.defaultSpeed", "5")),
                "a");
        assertEquals(0.3, s.maxThrottle());
        assertEquals(5, s.defaultSpeed());
    }

    @Test
    void aMissingUrlNamesTheCarsKey() {
        var e = openFails(Map.of("donkeycar.cars", "a"), "donkeycar-a");
        assertTrue(e.getMessage().contains("'donkeycar.a.url' is missing"), e.getMessage());
    }

    @Test
    void aUrlThatIsNotAWebSocketNamesTheKey() {
        var e = openFails(Map.of("donkeycar.url", "http://donkey.local:8887/drive"), "donkeycar");
        assertTrue(e.getMessage().contains("'donkeycar.url' must be a ws:// or wss:// URL"), e.getMessage());
        var garbage = openFails(Map.of("donkeycar.url", "ws://not a host"), "donkeycar");
        assertTrue(garbage.getMessage().contains("'donkeycar.url' must be a URL"), garbage.getMessage());
    }

    @Test
    void outOfRangeNumbersNameTheirKeys() {
        var e = openFails(Map.of("donkeycar.url", "ws://d:8887/wsDrive", "donkeycar.maxThrottle", "2"), "donkeycar");
        assertTrue(e.getMessage().contains("'donkeycar.maxThrottle' must be above 0 and at most 1"), e.getMessage());
        var speed = openFails(
                Map.of("donkeycar.url", "ws://d:8887/wsDrive", "donkeycar.defaultSpeed", "fast"), "donkeycar");
        assertTrue(speed.getMessage().contains("'donkeycar.defaultSpeed' must be a whole number"), speed.getMessage());
    }

    @Test
    void aBadVideoUrlFailsTheCameraNamingTheKey() {
        var context = new TestCameraContext(
                "donkeycar",
                "donkeycar",
                Map.of("donkeycar.url", "ws://d:8887/wsDrive", "donkeycar.video", "rtsp://d/video"));
        var e = assertThrows(CameraException.class, () -> provider.open(context));
        assertTrue(e.getMessage().contains("'donkeycar.video' must be an http:// or https:// URL"), e.getMessage());
    }

    private VehicleException openFails(Map<String, String> keys, String vehicle) {
        try (var context = new TestVehicleContext(vehicle, keys)) {
            var e = assertThrows(VehicleException.class, () -> provider.open(context));
            assertTrue(e.getMessage().endsWith("fix it in conf/teledrive.properties or with --set"), e.getMessage());
            return e;
        }
    }
}
