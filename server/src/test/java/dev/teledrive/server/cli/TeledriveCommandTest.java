package dev.teledrive.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.config.LayeredConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without a server: what configuration each invocation builds. */
class TeledriveCommandTest {

    @TempDir
    Path home;

    private LayeredConfiguration launched;
    private TeledriveCommand.Mode mode;
    private String tool;
    private java.util.List<String> toolArguments;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        var command = new TeledriveCommand(
                (config, mode) -> {
                    launched = config;
                    this.mode = mode;
                    return 0;
                },
                (config, name, arguments) -> {
                    tool = name;
                    toolArguments = arguments;
                    return 0;
                },
                env,
                home);
        return new CommandLine(command)
                .setStopAtPositional(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("teledrive: " + Main.explain(e));
                    return 2;
                })
                .execute(args);
    }

    @Test
    void optionsBecomeTheirKeysAndWinOverEverythingElse() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(
                home.resolve("conf/teledrive.properties"), "port=7000\nvehicle=iracer\nsimulator.maxSpeed=2\n");
        int code = run(
                Map.of("TELEDRIVE_PORT", "7500", "TELEDRIVE_SIMULATOR_MAX_SPEED", "3"),
                "--port",
                "0",
                "--bind",
                "::1",
                "--legacy-port",
                "9876",
                "--set",
                "simulator.maxSpeed=1",
                "--set",
                "iracer.url=tcp://h:1");
        assertEquals(0, code, err.toString());
        assertEquals("0", launched.get("port").orElseThrow());
        assertEquals("::1", launched.get("bind").orElseThrow());
        assertEquals("9876", launched.get("legacyPort").orElseThrow());
        assertEquals("1", launched.get("simulator.maxSpeed").orElseThrow());
        assertEquals("tcp://h:1", launched.get("iracer.url").orElseThrow());
        assertEquals("iracer", launched.get("vehicle").orElseThrow(), "the installed configuration file is read");
        assertEquals(
                home.resolve("plugins").toString(),
                launched.get("plugins").orElseThrow(),
                "plugins default to the installation's");
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        assertEquals(0, run(Map.of("TELEDRIVE_VEHICLE", "iracer")));
        assertEquals("iracer", launched.get("vehicle").orElseThrow());
        assertEquals("8000", launched.get("port").orElseThrow());
    }

    @Test
    void aBadValueIsOneLineAndExitTwoBeforeAnythingStarts() {
        assertEquals(2, run(Map.of(), "--set", "limits.frameBytes=12"));
        assertNull(launched);
        assertTrue(
                err.toString().startsWith("teledrive: configuration key 'limits.frameBytes' must be from 256"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void aNegativeTurnIsOneLineAndExitTwo() {
        assertEquals(2, run(Map.of(), "--set", "turns.seconds=-1"));
        assertNull(launched);
        assertTrue(
                err.toString().startsWith("teledrive: configuration key 'turns.seconds' must be from 0"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void siteAndNatsBecomeTheirKeys() {
        assertEquals(0, run(Map.of(), "--site", "home", "--nats", "nats://a:4222,tls://b:4222"));
        assertEquals("home", launched.get("site.name").orElseThrow());
        assertEquals("nats://a:4222,tls://b:4222", launched.get("nats.url").orElseThrow());
    }

    @Test
    void hubTakesTheUsualOptionsAfterItsName() {
        assertEquals(0, run(Map.of(), "hub", "--nats", "nats://a:4222", "--port", "8443"));
        assertEquals(TeledriveCommand.Mode.HUB, mode);
        assertEquals("8443", launched.get("port").orElseThrow());
        assertEquals("nats://a:4222", launched.get("nats.url").orElseThrow());
        assertEquals(0, run(Map.of()));
        assertEquals(TeledriveCommand.Mode.SERVER, mode);
    }

    @Test
    void aHubWithoutNatsOrAsASiteIsOneLineAndExitTwo() {
        for (String[] args : new String[][] {
            {"hub"},
            {"hub", "--nats", "nats://a:4222", "--site", "home"},
            {"hub", "--nats", "nats://a:4222", "scan"},
            {"hub", "--frobnicate"}
        }) {
            err.getBuffer().setLength(0);
            launched = null;
            assertEquals(2, run(Map.of(), args), String.join(" ", args));
            assertNull(launched);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void aBadSiteOrNatsValueIsOneLineAndExitTwo() {
        String[][] bad = {
            {"--site", "Home", "--nats", "nats://a:4222"},
            {"--site", "a-very-long-site-name-of-33-chars!", "--nats", "nats://a:4222"},
            {"--site", "home"},
            {"--site", "home", "--nats", "http://a:4222"},
            {"--site", "home", "--nats", "nats://user:secret@a:4222"},
            {"--site", "home", "--nats", "nats://a:4222", "--set", "nats.user=site-home"},
            {"--site", "home", "--nats", "nats://a:4222", "--set", "nats.credentials=/no/such.creds"},
        };
        for (String[] args : bad) {
            err.getBuffer().setLength(0);
            assertEquals(2, run(Map.of(), args), String.join(" ", args));
            assertNull(launched);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("teledrive: "), err.toString());
            assertTrue(!err.toString().contains("secret"), "a password never shows: " + err);
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run(Map.of(), "--set", "novalue"));
        assertTrue(err.toString().contains("KEY=VALUE"), err.toString());
        assertEquals(2, run(Map.of(), "--port", "eighty"));
        assertEquals(2, run(Map.of(), "--frobnicate"));
        assertNull(launched);
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertEquals(
                2, run(Map.of(), "--config", home.resolve("nope.properties").toString()));
        assertTrue(err.toString().contains("nope.properties does not exist"), err.toString());
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run(Map.of(), "--help"));
        for (String option : new String[] {
            "--port", "--bind", "--plugins", "--vehicle", "--config", "--set", "--legacy-port", "--version"
        }) {
            assertTrue(out.toString().contains(option), option + " is documented");
        }
        assertTrue(out.toString().contains("TELEDRIVE_LIMITS_MESSAGES_PER_SECOND"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(Map.of(), "--version"));
        assertTrue(out.toString().startsWith("Teledrive "), out.toString());
        assertTrue(out.toString().contains("(plugin API " + dev.teledrive.api.PluginApi.VERSION + ")"));
        assertNull(launched);
    }

    @Test
    void aSubcommandRunsThePluginsToolWithItsOwnArguments() {
        assertEquals(0, run(Map.of(), "--plugins", "/opt/plugins", "scan", "--seconds", "5"));
        assertEquals("scan", tool);
        assertEquals(java.util.List.of("--seconds", "5"), toolArguments);
        assertNull(launched, "no server for a subcommand");
    }

    @Test
    void listeningOnEveryInterfaceWithoutATokenIsRefusedWithTheWayOut() {
        assertEquals(2, run(Map.of(), "--bind", "0.0.0.0"));
        assertTrue(
                err.toString().contains("TELEDRIVE_DRIVER_TOKEN")
                        && err.toString().contains("--insecure-public"),
                err.toString());
        assertNull(launched);
        assertEquals(0, run(Map.of(), "--bind", "0.0.0.0", "--insecure-public"));
        assertEquals(0, run(Map.of("TELEDRIVE_DRIVER_TOKEN", "t"), "--bind", "0.0.0.0"));
    }
}
