package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page as a new visitor meets it: words for people instead of the protocol's, nothing stale after
 * a switch or a lost server, every camera, and the driver's own settings.
 */
class PageForPeopleIT {

    @TempDir
    Path work;

    private final int port = freePort();
    private RunningTeledrive server;
    private final List<PageUnderTest> pages = new ArrayList<>();

    @AfterEach
    void stop() {
        pages.forEach(PageUnderTest::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void beforeTheCodeOnlyThePromptAWrongCodeIsWrongAndALockoutCountsDown() throws Exception {
        start("--set", "driverToken=open-sesame");
        var page = desktop();
        page.waitFor(b -> page.shown("[data-testid=auth]"));
        assertEquals("Enter the code to drive", page.text("label[for=token]"));
        assertFalse(page.shown("[data-testid=joystick]"), "no controls that would only be refused");
        assertFalse(page.shown("[data-testid=claim]"));
        assertEquals("Enter the code to see the vehicle.", page.text("[data-testid=screen-note]"));

        enter(page, "not-it");
        page.waitFor(b -> page.text("[data-testid=auth-note]").contains("not right"));
        // Five wrong codes are allowed; each one after locks this address out for a while (1 s, then 2 s ...).
        String lockout = "";
        for (int i = 0; i < 60 && !lockout.contains("Too many"); i++) {
            if (i % 2 == 0 && page.find("#token").isEnabled()) {
                enter(page, "still-not-it-" + i);
            }
            Thread.sleep(100);
            lockout = page.text("[data-testid=auth-note]");
        }
        assertTrue(lockout.matches(".*Wait \\d+ s.*"), "says how long: " + lockout);
        assertFalse(lockout.contains("not right"), "a lockout does not call a code wrong: " + lockout);
        assertFalse(page.find("#token").isEnabled(), "no typing into a lockout");
        page.screenshot("auth-lockout");

        page.waitFor(b -> page.find("#token").isEnabled());
        enter(page, "open-sesame");
        page.waitFor(b -> page.text("[data-testid=role]").equals("You are driving."));
        assertFalse(page.shown("[data-testid=auth]"));
        assertNull(PageChecks.protocolText(page.browser()));
        page.assertNoConsoleErrors();
    }

    @Test
    void aWatchOnlyCodeIsToldSoInsteadOfGettingControlsThatFail() throws Exception {
        start("--set", "driverToken=open-sesame", "--set", "spectatorToken=just-looking");
        var page = desktop();
        page.waitFor(b -> page.shown("[data-testid=auth]"));
        enter(page, "just-looking");
        page.waitFor(b -> page.text("[data-testid=role]").startsWith("You are watching"));
        page.find("[data-testid=claim]").click();
        page.waitFor(b -> page.text("[data-testid=message]").equals("Your code lets you watch, not drive."));
        assertFalse(page.shown("[data-testid=claim]"), "no Drive button for a code that cannot drive");
        assertTrue(page.text("[data-testid=role]").contains("lets you watch"));
        new Actions(page.browser())
                .keyDown(Keys.ARROW_UP)
                .pause(300)
                .keyUp(Keys.ARROW_UP)
                .perform();
        assertEquals("Your code lets you watch, not drive.", page.text("[data-testid=message]"));
        assertNull(PageChecks.protocolText(page.browser()));
        page.assertNoConsoleErrors();
    }

    @Test
    void aMessageGoesWithItsCauseWhenAnotherVehicleIsPicked() throws Exception {
        start(); // the i-Racer has no link set: selecting it fails
        var page = desktop();
        page.waitFor(b -> !page.all("[data-testid=fleet] li").isEmpty()
                && page.find("[data-testid=vehicle-select]").isEnabled());
        new Select(page.find("[data-testid=vehicle-select]")).selectByValue("iracer");
        // Whichever word the server gives a vehicle it cannot reach, the page says it is in trouble.
        page.waitFor(b -> page.text("[data-testid=vehicle-state]").startsWith("i-Racer is ")
                && page.find("[data-testid=vehicle-state]")
                        .getAttribute("class")
                        .contains("trouble"));
        assertNull(PageChecks.protocolText(page.browser()));
        new Select(page.find("[data-testid=vehicle-select]")).selectByValue("simulator");
        page.waitFor(b -> page.text("[data-testid=vehicle-state]").equals("Simulator is ready."));
        assertEquals("", page.text("[data-testid=message]"), "nothing said about the i-Racer stays");
        page.assertNoConsoleErrors();
    }

    @Test
    void withTheServerGoneNobodyDrivesAndThePageIsBackAsSoonAsItIs() throws Exception {
        start();
        var page = desktop();
        page.waitFor(b -> page.text("[data-testid=role]").equals("You are driving."));
        assertEquals(0, server.stop());
        page.waitFor(b -> page.text("[data-testid=status]").startsWith("reconnecting"));
        assertTrue(page.text("[data-testid=role]").startsWith("Not connected"), page.text("[data-testid=role]"));
        assertFalse(page.shown("[data-testid=release]"), "no Let go while nobody drives");
        assertFalse(page.shown("[data-testid=claim]"));
        assertEquals("true", page.find("[data-testid=joystick]").getAttribute("aria-disabled"));
        page.screenshot("server-gone");

        start();
        long ready = System.nanoTime();
        page.waitFor(b -> page.text("[data-testid=status]").equals("connected"));
        long back = (System.nanoTime() - ready) / 1_000_000;
        System.out.printf("the page was connected again %d ms after the server's ready line%n", back);
        page.waitFor(b -> page.text("[data-testid=role]").equals("You are driving."));
        page.assertNoConsoleErrors();
    }

    @Test
    void aVehicleSwitchLetsGoOfAHeldKeyFirst() throws Exception {
        start("--set", "simulator.cars=a,b");
        var page = desktop();
        try (var a = new TelemetryWatcher(server.uri(), "simulator-a");
                var b = new TelemetryWatcher(server.uri(), "simulator-b")) {
            page.waitFor(x -> page.text("[data-testid=role]").equals("You are driving."));
            new Actions(page.browser()).keyDown("w").perform();
            a.await(t -> t.path("speed").asDouble() > 0.3);
            page.find("[data-testid=fleet] li[data-vehicle=simulator-b] button").click(); // W still held
            page.waitFor(x -> "simulator-b"
                    .equals(new Select(page.find("[data-testid=vehicle-select]"))
                            .getFirstSelectedOption()
                            .getAttribute("value")));
            a.await(t -> t.path("speed").asDouble() == 0.0);
            long seq = b.await(t -> true).path("seq").asLong();
            b.await(t -> t.path("seq").asLong() > seq + 20); // a second of B's samples with W held
            assertEquals(0.0, b.maxSpeed(), "the held key did not drive the new vehicle");
            new Actions(page.browser()).keyUp("w").perform();
            new Actions(page.browser()).keyDown("w").perform(); // pressed again: now it drives B
            b.await(t -> t.path("speed").asDouble() > 0.3);
            new Actions(page.browser()).keyUp("w").perform();
        }
        page.assertNoConsoleErrors();
    }

    @Test
    void theKnobFollowsTheKeysAGamepadShowsItsBadgeAndTheSpeedLimitHolds() throws Exception {
        start();
        var page = desktop();
        page.waitFor(b -> page.text("[data-testid=role]").equals("You are driving."));
        new Actions(page.browser()).keyDown(Keys.ARROW_UP).perform();
        page.waitFor(b -> knobY(page) < -30);
        new Actions(page.browser()).keyUp(Keys.ARROW_UP).perform();
        page.waitFor(b -> Math.abs(knobY(page)) < 0.5);

        page.script("navigator.getGamepads = () => [{id: 'test pad', index: 0, connected: true, axes: [0, 0],"
                + " buttons: []}]; window.dispatchEvent(new Event('gamepadconnected'));");
        page.waitFor(b -> page.shown("[data-testid=gamepad]"));

        // Half the top speed: a full push of the key asks for half the throttle.
        page.script("const s = document.getElementById('speed-limit'); s.value = '50';"
                + " s.dispatchEvent(new Event('input', {bubbles: true})); s.blur();");
        assertEquals("50 %", page.text("#speed-limit-value"));
        try (var watcher = new TelemetryWatcher(server.uri())) {
            new Actions(page.browser()).keyDown(Keys.ARROW_UP).perform();
            JsonNode moving = watcher.await(t -> t.path("level").asInt() > 0);
            assertTrue(moving.path("level").asInt() <= 8, "at most half of 15: " + moving);
            new Actions(page.browser()).keyUp(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
        }
        page.browser().navigate().refresh();
        page.waitFor(b -> page.text("#speed-limit-value").equals("50 %"));
        assertEquals("50", page.find("#speed-limit").getAttribute("value"), "kept for the tab");
        page.assertNoConsoleErrors();
    }

    @Test
    void aVehicleWithTwoCamerasOffersThemAndRemembersTheChoice() throws Exception {
        start(
                "--set",
                "cameras=test",
                "--set",
                "camera.test.vehicle=simulator",
                "--set",
                "camera.test.input=-f lavfi -i testsrc=size=320x240:rate=10");
        var page = desktop();
        page.waitFor(b -> page.shown("[data-testid=camera]"));
        var picker = new Select(page.find("[data-testid=camera]"));
        assertEquals(
                List.of("simulator", "test"),
                picker.getOptions().stream().map(o -> o.getAttribute("value")).toList());
        page.waitFor(b -> "640".equals(page.find("[data-testid=video]").getAttribute("width")));
        picker.selectByValue("test");
        page.waitFor(b -> "320".equals(page.find("[data-testid=video]").getAttribute("width")));
        page.screenshot("camera-picker");
        page.browser().navigate().refresh();
        page.waitFor(b -> page.shown("[data-testid=video]")
                && "320".equals(page.find("[data-testid=video]").getAttribute("width")));
        assertEquals(
                "test",
                new Select(page.find("[data-testid=camera]"))
                        .getFirstSelectedOption()
                        .getAttribute("value"),
                "remembered");
        page.assertNoConsoleErrors();
    }

    @Test
    void presenceCountsWhoWatchesAndThePlacesInLine() throws Exception {
        // A closed connection's queue place is otherwise held for its resume token (10 s), and the
        // line this test watches empty would only empty after it.
        start("--set", "turns.graceSeconds=0");
        var page = desktop();
        page.waitFor(b -> page.text("[data-testid=role]").equals("You are driving."));
        String summary = "[data-testid=presence-summary]";
        // The page only listens: every count below comes in a state the server sends by itself.
        try (var one = new TelemetryWatcher(server.uri())) {
            try (var two = new TelemetryWatcher(server.uri())) {
                two.await(t -> true); // it watches: the server counts it from its hello on
                page.waitFor(b -> page.text(summary).equals("You and 2 others are here \u00b7 nobody waits."));
                one.send("{\"command\":\"claim\"}");
                page.waitFor(b -> page.text(summary).equals("You and 2 others are here \u00b7 1 waiting.")
                        && page.all("[data-testid=presence] .line li").size() == 1);
                assertEquals("1", page.text("[data-testid=presence] .line li"), "places only, no names");
            }
            page.waitFor(b -> page.text(summary).equals("You and 1 other are here \u00b7 1 waiting."));
        }
        page.waitFor(b -> page.text(summary).equals("Only you are here \u00b7 nobody waits."));
        page.assertNoConsoleErrors();
    }

    @Test
    void everyStateWordAndErrorCodeHasWordsForPeopleEvenOnesThePageDoesNotKnow() throws Exception {
        start();
        var page = desktop();
        Object words = ((org.openqa.selenium.JavascriptExecutor) page.browser()).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import('./js/words.js').then((w) => done([
                          ...['idle', 'connecting', 'connected', 'disconnected', 'failed', 'unreachable', 'sleeping']
                            .map((state) => w.vehicleState({state})),
                          w.errorSentence('not_driver', 'claim'),
                          w.errorSentence('unknown_command', 'resume'),
                          w.errorSentence('not_resumable', 'resume'),
                          w.errorSentence('a_new_code', 'drive'),
                          String(w.lockoutSeconds({message: 'try again in 4 s'})),
                        ]));
                        """);
        assertEquals(
                List.of(
                        "ready",
                        "starting up\u2026",
                        "ready",
                        "link lost",
                        "not working",
                        "out of reach",
                        "unavailable",
                        "Your code lets you watch, not drive.",
                        "",
                        "",
                        "The server refused that; try again in a moment.",
                        "4"),
                words);
    }

    @Test
    void theResumeHookAsksOnlyWhenTheLastAndTheNewHelloBothOfferIt() throws Exception {
        start();
        var page = desktop();
        Object sent = ((org.openqa.selenium.JavascriptExecutor) page.browser()).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import('./js/connection.js').then(({Connection}) => {
                          const c = new Connection({onMessage() {}, onStatus() {}, onLatency() {}, onOpen() {}});
                          const sent = [];
                          c.send = (m) => { sent.push(JSON.stringify(m)); return true; };
                          c.resume({type: 'hello'});                  // a version 2 server: nothing
                          c.resume({type: 'hello', resume: 'first'}); // nothing to resume yet
                          c.resume({type: 'hello', resume: 'second'});
                          c.resume({type: 'hello'});                  // back to an older server: nothing
                          c.resume({type: 'hello', resume: 'third'});
                          done(sent);
                        });
                        """);
        assertEquals(List.of("{\"command\":\"resume\",\"token\":\"first\",\"id\":\"resume\"}"), sent);
    }

    private void start(String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
        args.addAll(List.of(settings));
        server = RunningTeledrive.start(work, args.toArray(String[]::new));
    }

    private PageUnderTest desktop() {
        var page = new PageUnderTest(work, false, 1366, 650);
        pages.add(page);
        return page.open(server.uri());
    }

    private static void enter(PageUnderTest page, String code) {
        var token = page.find("#token");
        token.sendKeys(code);
        token.submit();
    }

    private static double knobY(PageUnderTest page) {
        return Double.parseDouble(page.find("[data-testid=joystick] .knob").getAttribute("cy"));
    }

    private static int freePort() {
        try {
            return RunningTeledrive.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
