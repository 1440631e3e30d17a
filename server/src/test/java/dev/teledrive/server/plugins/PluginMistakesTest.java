package dev.teledrive.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.teledrive.api.PluginApi;
import dev.teledrive.server.support.PluginBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The mistakes a plugin author makes with the kit, each built into a real plugin jar from source
 * (javac and PF4J's annotation processor) and loaded: one log line, and a report whose reason
 * names the fix.
 */
class PluginMistakesTest {

    private static final String PROVIDER = "com.example.turret.TurretProvider";

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    /** Everything, PF4J's own lines too: the docs promise one line per failure. */
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private final Logger pf4j = (Logger) LoggerFactory.getLogger("org.pf4j");
    private Level pf4jLevel;

    @BeforeEach
    void listen() {
        log.start();
        root.addAppender(log);
        pf4jLevel = pf4j.getLevel();
        pf4j.setLevel(Level.WARN); // as the distribution's logback.xml has it
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(log);
        pf4j.setLevel(pf4jLevel);
    }

    @Test
    void aCommandTheServerAnswersItselfIsRefusedWithItsName() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"select\", \"Select target\", CommandKind.ACTION)"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'select'"
                        + " is one of the protocol's own (ping, auth, claim, release, skip, select, ticket, resume), which"
                        + " the server answers itself, so the vehicle would never see it: rename it");
    }

    @Test
    void aCommandNameKeptForLaterIsRefusedAndSaysSo() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"watch\", \"Watch\", CommandKind.ACTION)"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'watch'"
                        + " is kept for the protocol's later commands (watch, state, hello, hub): rename it");
    }

    @Test
    void parametersTheHostReadsItselfAreRefused() throws Exception {
        PluginReport report = load(turret(
                "CommandSpec.of(\"aim\", \"Aim\", CommandKind.ACTION, ParameterSpec.integer(\"id\", \"Target\", 0, 9)),"
                        + " CommandSpec.of(\"sweep\", \"Sweep\", CommandKind.TIMED,"
                        + " ParameterSpec.number(\"duration\", \"Seconds\", 0, 5))"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'aim':"
                        + " parameter 'id' is named like the message id, which the host reads and echoes in its reply:"
                        + " rename it; command 'sweep': parameter 'duration' is named like the timed command's own"
                        + " duration, which the host reads, clamps and passes as Command.duration(): rename it, or"
                        + " drop it and read command.duration()");
    }

    @Test
    void aParameterListedTwiceIsNamed() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"aim\", \"Aim\", CommandKind.ACTION,"
                + " ParameterSpec.number(\"degrees\", \"Pan\", -90, 90),"
                + " ParameterSpec.number(\"degrees\", \"Tilt\", -30, 60))"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'aim' lists"
                        + " parameter 'degrees' twice: give each parameter its own name");
    }

    @Test
    void aCommandListedTwiceGetsTheVocabularysAdviceNotTheConstructors() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"fire\", \"Fire\", CommandKind.ACTION),"
                + " CommandSpec.of(\"fire\", \"Fire again\", CommandKind.ACTION)"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " could not build its vocabulary: command 'fire' is listed twice:"
                        + " give each command its own name; to change one of StandardVocabulary's, leave the standard"
                        + " one out (a Vocabulary is a list of CommandSpecs you may filter) and add yours");
    }

    @Test
    void aDefaultOutsideItsOwnRangeIsTheAuthorsToFixNotTheDrivers() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"tilt\", \"Tilt\", CommandKind.ACTION,"
                + " ParameterSpec.number(\"degrees\", \"Tilt\", -30, 60).optional(100))"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'tilt':"
                        + " parameter 'degrees' defaults to 100, which its own spec refuses ('degrees' must be from -30"
                        + " to 60, not 100): give .optional(...) a value that fits, or null for none");
    }

    @Test
    void aDefaultThatIsNotAChoiceIsTheVocabularysMistake() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"mode\", \"Mode\", CommandKind.ACTION,"
                + " ParameterSpec.choice(\"mode\", \"Mode\", \"eco\", \"sport\").optional(\"turbo\"))"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " could not build its vocabulary: parameter 'mode' defaults to"
                        + " turbo, which is not one of [eco, sport]: give .optional(...) one of the choices, or null"
                        + " for none");
    }

    @Test
    void aDefaultBetweenItsOwnStepsIsRefused() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"tilt\", \"Tilt\", CommandKind.ACTION,"
                + " ParameterSpec.number(\"degrees\", \"Tilt\", -30, 60).withStep(5).optional(12))"));
        assertFailed(
                report,
                "its VehicleProvider " + PROVIDER + " offers a vocabulary the server cannot serve: command 'tilt':"
                        + " parameter 'degrees' defaults to 12, between the steps of 5.0 its slider offers: give"
                        + " .optional(...) a value on them");
    }

    @Test
    void aMalformedPluginRequiresNamesTheEntryAndItsFormUnderThePluginsOwnId() throws Exception {
        PluginReport report = load(PluginBuild.of("turret")
                .manifest("Plugin-Requires", "teledrive 1.3")
                .source(PROVIDER, provider("")));
        assertEquals("turret", report.id(), report.toString());
        assertEquals("0.1.0", report.version());
        assertEquals("invalid", report.state());
        String reason = report.reason();
        assertTrue(
                reason.startsWith("its manifest entry Plugin-Requires: teledrive 1.3 is not a version range (")
                        && reason.endsWith("): write the plugin API versions it works with, such as Plugin-Requires: >="
                                + PluginApi.VERSION + " & <2.0.0 (the kit's teledrive-plugin-parent writes exactly"
                                + " that; to set it yourself, override the plugin.requires property)"),
                reason);
        assertEquals(List.of("skipping plugin 'turret' 0.1.0 (turret.jar): " + reason), warnings());
    }

    @Test
    void aPluginForAnotherApiIsOneLineNotPf4jsTwoWarningsAndOurs() throws Exception {
        PluginReport report = load(PluginBuild.of("turret")
                .manifest("Plugin-Requires", ">=2.0.0 & <3.0.0")
                .source(PROVIDER, provider("")));
        assertEquals("disabled", report.state(), report.toString());
        assertEquals(
                "it needs plugin API >=2.0.0 & <3.0.0, and this Teledrive provides " + PluginApi.VERSION
                        + ": use a build of the plugin made for plugin API " + PluginApi.VERSION,
                report.reason());
        assertEquals(List.of("skipping plugin 'turret' 0.1.0 (turret.jar): " + report.reason()), warnings());
    }

    @Test
    void aProviderWithoutExtensionGetsTheDocumentedReason() throws Exception {
        PluginReport report =
                load(PluginBuild.of("turret").source(PROVIDER, provider("").replace("@Extension\n", "")));
        assertEquals("failed", report.state(), report.toString());
        assertEquals(
                "no VehicleProvider extension found: META-INF/extensions.idx is empty, so no class is marked"
                        + " @Extension; mark the class that implements VehicleProvider @Extension (org.pf4j.Extension)"
                        + " and rebuild",
                report.reason());
        assertEquals(List.of("plugin 'turret' 0.1.0 (turret.jar) offers no vehicle: " + report.reason()), warnings());
    }

    @Test
    void aCleanTurretLoadsWithItsStepsAndUnits() throws Exception {
        PluginReport report = load(turret("CommandSpec.of(\"tilt\", \"Tilt\", CommandKind.ACTION,"
                + " ParameterSpec.number(\"degrees\", \"Tilt\", -30, 60).withStep(5).withUnit(\"°\").optional(0))"));
        assertEquals("started", report.state(), report.toString());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aPluginWrittenForApi13StillLoads() throws Exception {
        // API 1.3's forms: the eight-argument ParameterSpec, choices, a default; Plugin-Requires from 1.3.0.
        PluginReport report = load(turret("CommandSpec.of(\"aim\", \"Aim\", CommandKind.ACTION,"
                + " new ParameterSpec(\"degrees\", \"Degrees\", ParameterType.NUMBER, -30.0, 60.0, false, 0,"
                + " java.util.List.of())),"
                + " CommandSpec.of(\"mode\", \"Mode\", CommandKind.ACTION,"
                + " ParameterSpec.choice(\"mode\", \"Mode\", \"eco\", \"sport\").optional(\"eco\"))"));
        assertEquals("started", report.state(), report.toString());
        assertEquals(List.of(), warnings());
    }

    private void assertFailed(PluginReport report, String reason) {
        assertEquals("turret", report.id(), report.toString());
        assertEquals("failed", report.state(), report.toString());
        assertEquals(reason, report.reason());
        assertEquals(List.of("plugin 'turret' 0.1.0 (turret.jar) offers no vehicle: " + reason), warnings());
    }

    /** The plugin's report after a fresh host loads the folder that holds only it. */
    private PluginReport load(PluginBuild build) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        build.jar(tmp, plugins.resolve("turret.jar"));
        try (PluginHost host = PluginHost.load(plugins)) {
            List<PluginReport> reports = host.reports();
            assertEquals(1, reports.size(), reports.toString());
            return reports.get(0);
        }
    }

    private List<String> warnings() {
        return List.copyOf(log.list).stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** A turret plugin whose vocabulary is the standard motion set plus these commands. */
    private static PluginBuild turret(String commands) {
        return PluginBuild.of("turret").source(PROVIDER, provider(".plus(" + commands + ")"));
    }

    private static String provider(String more) {
        return """
                package com.example.turret;

                import dev.teledrive.api.*;
                import org.pf4j.Extension;

                @Extension
                public final class TurretProvider implements VehicleProvider {
                    static final Vocabulary VOCABULARY = StandardVocabulary.motion(255)MORE;

                    public String id() { return "turret"; }
                    public String name() { return "Turret"; }
                    public Vocabulary vocabulary() { return VOCABULARY; }
                    public Vehicle open(VehicleContext context) {
                        return new Vehicle() {
                            public void accept(Command command) {}
                            public void stop() {}
                            public void close() {}
                        };
                    }
                }
                """.replace("MORE", more);
    }
}
