package dev.teledrive.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LayeredConfigurationTest {

    private static Properties file(String... pairs) {
        var p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() {
        var config = LayeredConfiguration.builder()
                .commandLine(Map.of("port", "1111"))
                .environment(Map.of("TELEDRIVE_PORT", "2222", "TELEDRIVE_BIND", "0.0.0.0"))
                .file(file("port", "3333", "bind", "10.0.0.1", "vehicle", "iracer"))
                .build();
        assertEquals("1111", config.get("port").orElseThrow());
        assertEquals(
                LayeredConfiguration.Source.COMMAND_LINE, config.source("port").orElseThrow());
        assertEquals("0.0.0.0", config.get("bind").orElseThrow());
        assertEquals(
                LayeredConfiguration.Source.ENVIRONMENT, config.source("bind").orElseThrow());
        assertEquals("iracer", config.get("vehicle").orElseThrow());
        assertEquals(LayeredConfiguration.Source.FILE, config.source("vehicle").orElseThrow());
        assertEquals("500", config.get("control.deadmanMillis").orElseThrow());
        assertEquals(
                LayeredConfiguration.Source.DEFAULT,
                config.source("control.deadmanMillis").orElseThrow());
        assertEquals(Optional.empty(), config.get("legacyPort"), "no default: off");
    }

    @Test
    void environmentNamesAreUpperSnakeCaseForHostAndPluginKeysAlike() {
        var config = LayeredConfiguration.builder()
                .environment(Map.of(
                        "TELEDRIVE_LIMITS_MESSAGES_PER_SECOND", "0",
                        "TELEDRIVE_IRACER_RED_URL", "tcp://127.0.0.1:9000",
                        "PATH", "/usr/bin",
                        "TELEDRIVE_", "nothing"))
                .file(file("iracer.red.url", "btspp://000000000000:1"))
                .build();
        assertEquals(0, config.getInt("limits.messagesPerSecond", 60));
        assertEquals(
                "tcp://127.0.0.1:9000",
                config.get("iracer.red.url").orElseThrow(),
                "plugin keys the host does not know");
        assertTrue(config.get("path").isEmpty(), "only TELEDRIVE_ variables count");
        assertTrue(config.keys().contains("iracer.red.url"));
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhereItWasSet() {
        var config = LayeredConfiguration.builder()
                .environment(Map.of("TELEDRIVE_PORT", "eighty"))
                .file(file("control.deadmanMillis", "5"))
                .build();
        var e = assertThrows(ConfigurationException.class, () -> HostSettings.from(config));
        assertEquals(
                "configuration key 'port' must be a whole number, but is 'eighty' (set in the environment)",
                e.getMessage());
        var tooShort = LayeredConfiguration.builder()
                .file(file("control.deadmanMillis", "5"))
                .build();
        e = assertThrows(ConfigurationException.class, () -> HostSettings.from(tooShort));
        assertEquals(
                "configuration key 'control.deadmanMillis' must be from 50 to 60000, but is 5 (set in the "
                        + "configuration file)",
                e.getMessage());
    }

    @Test
    void theDefaultsGiveASafeLoopbackServer() {
        var settings = HostSettings.from(LayeredConfiguration.builder().build());
        assertEquals(8000, settings.port());
        assertEquals("127.0.0.1", settings.bind());
        assertEquals("simulator", settings.vehicle());
        assertEquals(500, settings.deadman().toMillis());
        assertEquals(2000, settings.maxDuration().toMillis());
        assertEquals(4096, settings.limits().frameBytes());
        assertTrue(settings.legacyPort().isEmpty());
        assertFalse(settings.access().required());
    }

    @Test
    void theSpecsEnvironmentNamesSetTheTokensAndATokenMayComeFromAFile(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = dir.resolve("admin.token");
        java.nio.file.Files.writeString(file, "  owner-secret\n");
        var settings = HostSettings.from(LayeredConfiguration.builder()
                .environment(Map.of(
                        "TELEDRIVE_DRIVER_TOKEN",
                        "d",
                        "TELEDRIVE_SPECTATOR_TOKEN",
                        "s",
                        "TELEDRIVE_ADMIN_TOKEN_FILE",
                        file.toString()))
                .build());
        assertEquals(Optional.of("d"), settings.access().driverToken());
        assertEquals(Optional.of("s"), settings.access().spectatorToken());
        assertEquals(Optional.of("owner-secret"), settings.access().adminToken(), "trimmed");
        var both = LayeredConfiguration.builder()
                .environment(Map.of("TELEDRIVE_ADMIN_TOKEN", "x", "TELEDRIVE_ADMIN_TOKEN_FILE", file.toString()))
                .build();
        assertThrows(ConfigurationException.class, () -> HostSettings.from(both));
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefusedUnlessAskedFor() {
        var open = LayeredConfiguration.builder()
                .commandLine(Map.of("bind", "0.0.0.0"))
                .build();
        var e = assertThrows(ConfigurationException.class, () -> HostSettings.from(open));
        assertTrue(
                e.getMessage().contains("TELEDRIVE_DRIVER_TOKEN")
                        && e.getMessage().contains("--insecure-public"),
                e.getMessage());
        HostSettings.from(LayeredConfiguration.builder()
                .commandLine(Map.of("bind", "0.0.0.0", "insecurePublic", "true"))
                .build());
        HostSettings.from(LayeredConfiguration.builder()
                .commandLine(Map.of("bind", "0.0.0.0", "driverToken", "t"))
                .build());
        HostSettings.from(LayeredConfiguration.builder()
                .commandLine(Map.of("bind", "::1"))
                .build());
        HostSettings.from(LayeredConfiguration.builder()
                .commandLine(Map.of("bind", "localhost"))
                .build());
    }

    @Test
    void tlsNeedsAReadableKeystoreAndItsPassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var missing = LayeredConfiguration.builder()
                .commandLine(Map.of("tls.keystore", dir.resolve("nope.p12").toString()))
                .build();
        assertTrue(assertThrows(ConfigurationException.class, () -> HostSettings.from(missing))
                .getMessage()
                .contains("cannot be read"));
        var keystore = java.nio.file.Files.createFile(dir.resolve("k.p12"));
        var noPassword = LayeredConfiguration.builder()
                .commandLine(Map.of("tls.keystore", keystore.toString()))
                .build();
        assertTrue(assertThrows(ConfigurationException.class, () -> HostSettings.from(noPassword))
                .getMessage()
                .contains("TELEDRIVE_TLS_PASSWORD"));
        var ok = HostSettings.from(LayeredConfiguration.builder()
                .commandLine(Map.of("tls.keystore", keystore.toString()))
                .environment(Map.of("TELEDRIVE_TLS_PASSWORD", "pw"))
                .build());
        assertTrue(!ok.tls().orElseThrow().toString().contains("pw"), "the password never shows in logs");
    }

    @Test
    void aVehicleMayHaveItsOwnDurationCap() {
        var settings = HostSettings.from(LayeredConfiguration.builder()
                .file(file("vehicles.iracer.maxDurationSeconds", "0.5"))
                .build());
        assertEquals(500, settings.maxDurationFor("iracer").toMillis());
        assertEquals(2000, settings.maxDurationFor("simulator").toMillis());
        var bad = LayeredConfiguration.builder()
                .file(file("vehicles.iracer.maxDurationSeconds", "0"))
                .build();
        assertThrows(ConfigurationException.class, () -> HostSettings.from(bad));
    }

    @Test
    void aVehiclesDurationCapMayComeFromTheEnvironment() {
        var settings = HostSettings.from(LayeredConfiguration.builder()
                .environment(Map.of("TELEDRIVE_VEHICLES_IRACER_RED_MAX_DURATION_SECONDS", "0.25"))
                .build());
        assertEquals(250, settings.maxDurationFor("iracer-red").toMillis());
        assertEquals(2000, settings.maxDurationFor("simulator").toMillis());
    }
}
