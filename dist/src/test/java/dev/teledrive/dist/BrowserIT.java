package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.dist.tank.TankProvider;
import dev.teledrive.iracer.fake.FakeIRacer;
import dev.teledrive.server.support.PluginJar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The driver's page in a real headless Chromium, against the packaged distribution, with a
 * spectator connection watching what the simulator does and a fake i-Racer recording bytes.
 */
class BrowserIT {

    private static final Path SHOTS = Path.of(System.getProperty("teledrive.screenshots", "target/screenshots"));

    @TempDir
    Path work;

    private FakeIRacer car;
    private int port;
    private RunningTeledrive server;
    private WebDriver browser;
    private WebDriver second;

    @BeforeEach
    void start() throws Exception {
        car = new FakeIRacer();
        port = RunningTeledrive.freePort();
        server = startServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (second != null) {
            second.quit();
        }
        server.close();
        car.close();
    }

    @Test
    void dragTheKnobUpTheCarDrivesForwardLetGoItStops() throws Exception {
        open(false);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            WebElement joystick = browser.findElement(By.cssSelector("[data-testid=joystick]"));
            new Actions(browser)
                    .moveToElement(joystick)
                    .clickAndHold()
                    .moveByOffset(0, -90)
                    .perform();
            JsonNode moving = watcher.await(t -> t.path("speed").asDouble() > 0.5);
            assertTrue(
                    moving.path("heading").asDouble() > 1.4
                            && moving.path("heading").asDouble() < 1.75,
                    "straight ahead, facing +y: " + moving);
            // Still held (a new action sequence would let go): the page keeps the car going.
            watcher.await(t -> t.path("y").asDouble() > moving.path("y").asDouble() + 0.2);
            screenshot("desktop-driving");
            new Actions(browser).release().perform();
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
            String knobX = browser.findElement(By.cssSelector("[data-testid=joystick] .knob"))
                    .getAttribute("cx");
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(b ->
                            Math.abs(Double.parseDouble(b.findElement(By.cssSelector("[data-testid=joystick] .knob"))
                                            .getAttribute("cy")))
                                    < 0.5);
            assertTrue(Math.abs(Double.parseDouble(knobX)) < 0.5, "the knob springs back");
            String latency =
                    browser.findElement(By.cssSelector("[data-testid=latency]")).getText();
            assertTrue(latency.matches("\\d+\\.\\d"), "the measured round trip is shown: " + latency);
            assertNoConsoleErrors();
        }
    }

    @Test
    void holdArrowUpToDriveLetGoToStopAndSpaceStops() throws Exception {
        open(false);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            new Actions(browser).keyDown(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.5);
            new Actions(browser).keyUp(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
            new Actions(browser).keyDown("a").keyDown("w").perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.3
                    && t.path("direction").asText().equals("ahead_left"));
            new Actions(browser).sendKeys(Keys.SPACE).perform();
            watcher.await(
                    t -> t.path("speed").asDouble() == 0.0 && t.path("level").asInt() == 0);
            new Actions(browser).keyUp("a").keyUp("w").perform();
            assertNoConsoleErrors();
        }
    }

    @Test
    void losingFocusStopsTheCarEvenWithAKeyStillDown() throws Exception {
        open(false);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            new Actions(browser).keyDown(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.5);
            ((JavascriptExecutor) browser).executeScript("window.dispatchEvent(new Event('blur'));");
            watcher.await(
                    t -> t.path("speed").asDouble() == 0.0 && t.path("level").asInt() == 0);
            new Actions(browser).keyUp(Keys.ARROW_UP).perform();
        }
    }

    @Test
    void aHiddenTabStopsTheCar() throws Exception {
        open(false);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            new Actions(browser).keyDown(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.5);
            // As when the phone locks or the driver switches tabs.
            ((JavascriptExecutor) browser)
                    .executeScript("Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
                            + "document.dispatchEvent(new Event('visibilitychange'));");
            watcher.await(
                    t -> t.path("speed").asDouble() == 0.0 && t.path("level").asInt() == 0);
            new Actions(browser).keyUp(Keys.ARROW_UP).perform();
        }
    }

    @Test
    void onAPhoneInLandscapeTheJoystickStillFits() throws Exception {
        open(true, 844, 390);
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript("const r = document.querySelector('[data-testid=joystick]').getBoundingClientRect();"
                        + "return {top: r.top, bottom: r.bottom, right: r.right, width: "
                        + "r.width, vw: innerWidth, vh: innerHeight};");
        assertTrue(((Number) box.get("width")).doubleValue() >= 150, "big enough for a thumb: " + box);
        assertTrue(
                ((Number) box.get("bottom")).doubleValue() <= ((Number) box.get("vh")).doubleValue()
                        && ((Number) box.get("top")).doubleValue() >= 0
                        && ((Number) box.get("right")).doubleValue() <= ((Number) box.get("vw")).doubleValue(),
                "fully visible: " + box);
        screenshot("phone-landscape");
        assertNoConsoleErrors();
    }

    @Test
    void aGamepadsLeftStickDrives() throws Exception {
        open(false);
        var js = (JavascriptExecutor) browser;
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            // The Gamepad API, standing in for a pad plugged into this headless browser.
            js.executeScript(
                    "window.__pad = {id: 'test pad', index: 0, connected: true, axes: [0, -1, 0, 0], buttons: []};"
                            + "navigator.getGamepads = () => [window.__pad];"
                            + "window.dispatchEvent(new Event('gamepadconnected'));");
            watcher.await(t -> t.path("speed").asDouble() > 0.5
                    && t.path("direction").asText().equals("ahead"));
            js.executeScript("window.__pad.axes = [0, 0, 0, 0];");
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
        }
        assertNoConsoleErrors();
    }

    @Test
    void aSecondFingerDoesNotTakeTheJoystickOver() throws Exception {
        open(true);
        WebElement joystick = browser.findElement(By.cssSelector("[data-testid=joystick]"));
        int reach = joystick.getSize().getWidth() / 3;
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            var first = new PointerInput(PointerInput.Kind.TOUCH, "first");
            var second = new PointerInput(PointerInput.Kind.TOUCH, "second");
            var pause = Duration.ofMillis(200);
            var forward = new Sequence(first, 0)
                    .addAction(first.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(joystick), 0, 0))
                    .addAction(first.createPointerDown(0))
                    .addAction(first.createPointerMove(pause, PointerInput.Origin.fromElement(joystick), 0, -reach))
                    .addAction(new org.openqa.selenium.interactions.Pause(first, Duration.ofMillis(1200)))
                    .addAction(first.createPointerUp(0));
            var backward = new Sequence(second, 0)
                    .addAction(new org.openqa.selenium.interactions.Pause(second, Duration.ZERO))
                    .addAction(second.createPointerMove(
                            Duration.ZERO, PointerInput.Origin.fromElement(joystick), reach / 2, 0))
                    .addAction(second.createPointerDown(0))
                    .addAction(second.createPointerMove(
                            pause, PointerInput.Origin.fromElement(joystick), reach / 2, reach))
                    .addAction(new org.openqa.selenium.interactions.Pause(second, Duration.ofMillis(1200)))
                    .addAction(second.createPointerUp(0));
            ((org.openqa.selenium.interactions.Interactive) browser).perform(List.of(forward, backward));
            assertTrue(watcher.maxSpeed() > 0.5, "the first finger drove: " + watcher.maxSpeed());
            assertTrue(watcher.minSpeed() >= 0, "the second finger never reversed it: " + watcher.minSpeed());
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
        }
        assertNoConsoleErrors();
    }

    @Test
    void switchToTheRealCarAndBackWithTheVocabularyButtons() throws Exception {
        open(false);
        List<String> commands = browser.findElements(By.cssSelector("[data-command]")).stream()
                .map(b -> b.getAttribute("data-command"))
                .toList();
        assertEquals(List.of("up", "down", "left", "right", "stop"), commands, "buttons drawn from the vocabulary");
        new Select(browser.findElement(By.cssSelector("[data-testid=vehicle-select]"))).selectByValue("iracer");
        assertEquals(0x00, car.nextByte(), "selecting the car connects it with a stop first");
        waitFor(b -> "iracer"
                .equals(new Select(b.findElement(By.cssSelector("[data-testid=vehicle-select]")))
                        .getFirstSelectedOption()
                        .getAttribute("value")));
        waitFor(b -> b.findElement(By.id("arena")).getAttribute("hidden") != null);
        browser.findElement(By.cssSelector("[data-command=up]")).click();
        assertEquals(0x1C, car.nextByte());
        waitFor(b -> b.findElement(By.id("readout")).getText().contains("up"));
        assertEquals(0x00, car.nextByte(), "the timed command ends with a stop");
        new Select(browser.findElement(By.cssSelector("[data-testid=vehicle-select]"))).selectByValue("simulator");
        car.awaitByte(0x00);
        waitFor(b -> !b.findElements(By.cssSelector("#readout dd")).isEmpty());
        assertNoConsoleErrors();
    }

    @Test
    void withATokenThePageAsksOnceAndRemembersItForTheTab() throws Exception {
        server.close();
        server = RunningTeledrive.start(work, "--port", Integer.toString(port), "--set", "driverToken=open-sesame");
        open(false, 1280, 800, false);
        waitFor(b -> b.findElement(By.id("auth")).isDisplayed());
        WebElement token = browser.findElement(By.id("token"));
        token.sendKeys("not-it");
        token.submit();
        waitFor(b -> b.findElement(By.id("auth-note")).getText().contains("not right"));
        token = browser.findElement(By.id("token"));
        token.sendKeys("open-sesame");
        token.submit();
        waitFor(b -> b.findElement(By.id("role")).getText().equals("You are driving."));
        assertTrue(!browser.findElement(By.id("auth")).isDisplayed());
        assertTrue(!browser.getCurrentUrl().contains("sesame"), "never in the URL");
        browser.navigate().refresh();
        waitFor(b -> b.findElement(By.id("role")).getText().equals("You are driving."));
        assertTrue(!browser.findElement(By.id("auth")).isDisplayed(), "the tab remembers it");
        Object stored = ((JavascriptExecutor) browser)
                .executeScript("return [localStorage.length, sessionStorage.getItem('teledrive.token')];");
        assertEquals(List.of(0L, "open-sesame"), stored, "session storage only");
        assertNull(PageChecks.protocolText(browser));
    }

    @Test
    void aPluginCopiedIntoTheRunningServerIsPickedAndDrivenFromThePage() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        try (var shipped = Files.list(RunningTeledrive.DIST.resolve("plugins"))) {
            for (Path jar : shipped.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        server.close();
        server = RunningTeledrive.start(work, "--port", Integer.toString(port), "--plugins", plugins.toString());
        open(false);
        var select = By.cssSelector("[data-testid=vehicle-select]");
        assertTrue(browser.findElements(By.cssSelector("[data-testid=vehicle-select] option[value=console]"))
                .isEmpty());

        Files.copy(
                Path.of(System.getProperty("teledrive.test.plugins", "target/test-plugins"), "console.jar"),
                plugins.resolve("console.jar"));
        waitFor(b -> !b.findElements(By.cssSelector("[data-testid=vehicle-select] option[value=console]"))
                .isEmpty());
        new Select(browser.findElement(select)).selectByValue("console");
        waitFor(b -> !b.findElements(By.cssSelector("[data-command=horn]")).isEmpty());
        browser.findElement(By.cssSelector("[data-command=horn]")).click();
        waitFor(b -> b.findElement(By.id("readout")).getText().contains("horn"));

        Files.delete(plugins.resolve("console.jar"));
        waitFor(b -> b.findElements(By.cssSelector("[data-testid=vehicle-select] option[value=console]"))
                        .isEmpty()
                && "simulator"
                        .equals(new Select(b.findElement(select))
                                .getFirstSelectedOption()
                                .getAttribute("value")));
        assertNoConsoleErrors();
    }

    @Test
    void giveUpTheSeatAndTakeItBack() throws Exception {
        open(false);
        WebElement role = browser.findElement(By.id("role"));
        assertEquals("You are driving.", role.getText());
        browser.findElement(By.id("release")).click();
        waitFor(b -> b.findElement(By.id("role")).getText().equals("You are watching."));
        assertTrue(
                !browser.findElement(By.cssSelector("[data-command=up]")).isEnabled(), "a spectator's buttons are off");
        browser.findElement(By.id("claim")).click();
        waitFor(b -> b.findElement(By.id("role")).getText().equals("You are driving."));
        assertTrue(browser.findElement(By.cssSelector("[data-command=up]")).isEnabled());
        assertNoConsoleErrors();
    }

    @Test
    void reconnectsByItselfAfterTheServerRestarts() throws Exception {
        open(false);
        assertEquals(0, server.stop());
        waitFor(b -> status(b).startsWith("reconnecting"));
        server = startServer();
        waitFor(b -> status(b).equals("connected"));
        waitFor(b -> !b.findElements(By.cssSelector("[data-command=up]")).isEmpty()
                && b.findElement(By.cssSelector("[data-command=up]")).isEnabled());
    }

    @Test
    void onAPhoneTheJoystickFitsAndATouchDragDrives() throws Exception {
        open(true);
        var js = (JavascriptExecutor) browser;
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>)
                js.executeScript("const r = document.querySelector('[data-testid=joystick]').getBoundingClientRect();"
                        + "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,"
                        + " vw: innerWidth, vh: innerHeight};");
        double width = ((Number) box.get("width")).doubleValue();
        assertTrue(width >= 200, "big enough for a thumb: " + box);
        assertTrue(
                ((Number) box.get("bottom")).doubleValue() <= ((Number) box.get("vh")).doubleValue()
                        && ((Number) box.get("right")).doubleValue() <= ((Number) box.get("vw")).doubleValue()
                        && ((Number) box.get("top")).doubleValue() >= 0,
                "fully visible: " + box);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            WebElement joystick = browser.findElement(By.cssSelector("[data-testid=joystick]"));
            var finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
            var drag = new Sequence(finger, 0)
                    .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(joystick), 0, 0))
                    .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                    .addAction(finger.createPointerMove(
                            Duration.ofMillis(200), PointerInput.Origin.fromElement(joystick), 0, -(int) (width / 3)))
                    .addAction(new org.openqa.selenium.interactions.Pause(finger, Duration.ofMillis(1500)))
                    .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            ((org.openqa.selenium.interactions.Interactive) browser).perform(List.of(drag));
            assertTrue(watcher.maxSpeed() > 0.5, "the touch drag drove the car: max speed " + watcher.maxSpeed());
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
            Object scrolled = js.executeScript("return document.scrollingElement.scrollTop;");
            assertEquals(0L, ((Number) scrolled).longValue(), "dragging did not scroll the page");
        }
        screenshot("phone");
        assertNoConsoleErrors();
    }

    @Test
    void theCarsCameraIsTheMainViewWithItsFrameRateAndLatency() throws Exception {
        open(false); // http://127.0.0.1 is a secure context: H.264 through WebCodecs
        By video = By.cssSelector("[data-testid=video]");
        waitFor(b -> b.findElement(video).isDisplayed());
        waitFor(b -> b.findElement(By.cssSelector("[data-testid=video-latency]"))
                .getText()
                .matches("\\d+"));
        WebElement canvas = browser.findElement(video);
        assertEquals("h264", canvas.getAttribute("data-codec"));
        assertEquals("640", canvas.getAttribute("width"), "the simulator's picture, at its size");
        waitFor(b -> b.findElement(By.cssSelector("[data-testid=video-fps]"))
                .getText()
                .matches("[1-9]\\d*"));
        assertTrue(
                browser.findElement(By.id("arena")).getRect().getWidth()
                        < canvas.getRect().getWidth() / 2,
                "the arena drawing becomes a small map over the picture");
        screenshot("video-h264");

        browser.get(server.uri() + "?codec=jpeg");
        waitFor(b -> "jpeg".equals(b.findElement(video).getAttribute("data-codec"))
                && b.findElement(video).isDisplayed()
                && b.findElement(By.cssSelector("[data-testid=video-latency]"))
                        .getText()
                        .matches("\\d+"));
        screenshot("video-jpeg");
        assertNoConsoleErrors();
    }

    @Test
    void onAPhoneInLandscapeTheVideoFillsTheScreenAndTheJoystickLiesOverIt() throws Exception {
        open(true, 844, 390);
        By video = By.cssSelector("[data-testid=video]");
        waitFor(b -> b.findElement(video).isDisplayed());
        var picture = browser.findElement(video).getRect();
        var joystick =
                browser.findElement(By.cssSelector("[data-testid=joystick]")).getRect();
        assertTrue(picture.getWidth() >= 800, "the picture takes the width: " + picture);
        assertTrue(
                joystick.getX() >= picture.getX()
                        && joystick.getX() + joystick.getWidth() <= picture.getX() + picture.getWidth() + 1
                        && joystick.getY() + joystick.getHeight() <= 390 + 1,
                "the joystick lies over the picture, on screen: " + joystick + " over " + picture);
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            WebElement knob = browser.findElement(By.cssSelector("[data-testid=joystick]"));
            new Actions(browser)
                    .moveToElement(knob)
                    .clickAndHold()
                    .moveByOffset(0, -40)
                    .perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.3);
            new Actions(browser).release().perform();
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
        }
        screenshot("phone-landscape-video");
        assertNoConsoleErrors();
    }

    @Test
    void twoPagesOneDrivesOneWaitsAndTheTurnPasses() throws Exception {
        server.close();
        server = RunningTeledrive.start(
                work, "--port", Integer.toString(port), "--set", "turns.seconds=3", "--set", "iracer.url=" + car.url());
        open(false);
        assertEquals(
                "You are driving.",
                browser.findElement(By.cssSelector("[data-testid=role]")).getText());

        second = launch(false, 1280, 800, "chrome-second");
        second.get(server.uri().toString());
        var wait = new WebDriverWait(second, Duration.ofSeconds(15));
        wait.until(b -> status(b).equals("connected"));
        assertEquals(
                "You are watching.",
                second.findElement(By.cssSelector("[data-testid=role]")).getText());
        WebElement take = second.findElement(By.cssSelector("[data-testid=claim]"));
        assertEquals("Take a turn", take.getText());
        take.click();
        wait.until(b ->
                b.findElement(By.cssSelector("[data-testid=role]")).getText().equals("You are in line."));
        assertTrue(
                second.findElement(By.cssSelector("[data-testid=turn]"))
                        .getText()
                        .startsWith("You are number 1 of 1"),
                second.findElement(By.cssSelector("[data-testid=turn]")).getText());
        waitFor(b ->
                b.findElement(By.cssSelector("[data-testid=turn]")).getText().startsWith("Your turn ends in"));

        // The turn passes by itself: the first page waits, the second drives.
        wait.until(b ->
                b.findElement(By.cssSelector("[data-testid=role]")).getText().startsWith("You are driving."));
        waitFor(b ->
                b.findElement(By.cssSelector("[data-testid=role]")).getText().startsWith("You are in line."));
        WebElement leave = browser.findElement(By.cssSelector("[data-testid=release]"));
        assertEquals("Leave the line", leave.getText());
        leave.click(); // nobody waits any more: the second page keeps the car
        waitFor(b ->
                b.findElement(By.cssSelector("[data-testid=role]")).getText().equals("You are watching."));
        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            new Actions(second).keyDown(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() > 0.5);
            new Actions(second).keyUp(Keys.ARROW_UP).perform();
            watcher.await(t -> t.path("speed").asDouble() == 0.0);
        }
        assertTrue(
                second.findElement(By.cssSelector("[data-testid=fleet] li.selected"))
                        .getText()
                        .contains("driven"),
                "the vehicle's card shows it driven");
        screenshot("queue-waiting");
        assertNull(PageChecks.protocolText(browser), "after a turn, words for people");
        assertNull(PageChecks.protocolText(second));
        assertNoConsoleErrors();
    }

    @Test
    void aVehicleWhoseCommandsAllTakeValuesIsDrivenFromControlsDrawnFromTheirTypes() throws Exception {
        startTank();
        open(false, 1280, 800, false);
        waitFor(b ->
                !b.findElements(By.cssSelector("[data-command-form=lights]")).isEmpty());
        assertEquals(
                List.of("stop", "turret", "fire", "mode", "lights"),
                browser.findElements(By.cssSelector("[data-command]")).stream()
                        .map(b -> b.getAttribute("data-command"))
                        .toList(),
                "a button for stop, a form for each command with values; drive stays on the joystick");
        WebElement angle = control("turret", "angle");
        assertEquals(List.of("range", "-30", "30", "0"), attributes(angle, "type", "min", "max", "value"));
        WebElement rounds = control("fire", "rounds");
        assertEquals(List.of("range", "1", "5", "1", "1"), attributes(rounds, "type", "min", "max", "step", "value"));
        Select mode = new Select(control("mode", "mode"));
        assertEquals(
                List.of("eco", "sport"),
                mode.getOptions().stream().map(WebElement::getText).toList());
        WebElement lights = control("lights", "on");
        assertEquals(List.of("checkbox", "switch"), attributes(lights, "type", "role"));
        assertFalse(lights.isSelected());
        assertEquals(
                "Angle",
                browser.findElement(By.cssSelector("label[for='" + angle.getAttribute("id") + "']"))
                        .getText(),
                "every control has its label");
        assertEquals("Fire (key: f)", button("fire").getAttribute("aria-label"));
        Number height = (Number) ((JavascriptExecutor) browser).executeScript("return innerHeight;");
        assertTheControlsLieBesideTheJoystick(height.intValue());

        try (TelemetryWatcher watcher = new TelemetryWatcher(server.uri())) {
            angle.sendKeys(Keys.END, Keys.ARROW_LEFT); // 30, then one step (0.5, the nicest near 0.6) back
            waitFor(b -> output("turret").getText().equals("29.5"));
            button("turret").click();
            JsonNode turret = watcher.await(t -> t.path("command").asText().equals("turret"));
            assertEquals(29.5, turret.path("angle").asDouble(), 1e-9, turret.toString());

            rounds.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            new Actions(browser).sendKeys("f").perform(); // its key, with the slider still focused
            JsonNode fire = watcher.await(t -> t.path("command").asText().equals("fire"));
            assertEquals(3, fire.path("rounds").asLong(), fire.toString());

            mode.selectByValue("sport");
            button("mode").click();
            assertEquals(
                    "sport",
                    watcher.await(t -> t.path("command").asText().equals("mode"))
                            .path("mode")
                            .asText());

            lights.click();
            new Actions(browser).sendKeys("l").perform();
            JsonNode on = watcher.await(t -> t.path("command").asText().equals("lights"));
            assertTrue(on.path("on").asBoolean(), on.toString());
            long received = on.path("commands").asLong();

            // A value the page does not offer: the server refuses it, and the page says so beside the list.
            ((JavascriptExecutor) browser)
                    .executeScript(
                            "const s = arguments[0]; s.add(new Option('turbo', 'turbo')); s.value = 'turbo';",
                            control("mode", "mode"));
            button("mode").click();
            By error = By.cssSelector("[data-command-error=mode]");
            waitFor(b -> b.findElement(error).isDisplayed());
            assertEquals(
                    "'mode' must be one of \"eco\", \"sport\", not \"turbo\"",
                    browser.findElement(error).getText());
            assertEquals("true", control("mode", "mode").getAttribute("aria-invalid"));
            assertEquals("", browser.findElement(By.id("message")).getText(), "beside the control, not at the foot");
            assertFalse(browser.findElement(By.cssSelector("[data-command-error=turret]"))
                    .isDisplayed());

            mode.selectByValue("eco");
            button("mode").click();
            JsonNode eco = watcher.await(t -> t.path("mode").asText().equals("eco"));
            assertEquals(received + 1, eco.path("commands").asLong(), "turbo never reached the tank: " + eco);
            waitFor(b -> !b.findElement(error).isDisplayed());
            assertEquals(null, control("mode", "mode").getAttribute("aria-invalid"), "cleared by the next success");
        }
        screenshot("vocabulary-controls");

        browser.findElement(By.id("release")).click();
        waitFor(b -> !button("turret").isEnabled());
        assertTrue(control("turret", "angle").isEnabled(), "a spectator may set values, not send them");
        assertNoConsoleErrors();
    }

    @Test
    void onAPhoneInLandscapeTheControlsLieBesideTheJoystick() throws Exception {
        startTank();
        open(true, 844, 390, false);
        waitFor(b ->
                !b.findElements(By.cssSelector("[data-command-form=lights]")).isEmpty());
        assertTheControlsLieBesideTheJoystick(390);
        Object scrolled = ((JavascriptExecutor) browser).executeScript("return document.scrollingElement.scrollTop;");
        assertEquals(0L, ((Number) scrolled).longValue(), "the forms scroll in their box, not the page");
        screenshot("phone-landscape-vocabulary-controls");
        assertNoConsoleErrors();
    }

    /** Every command form clear of the joystick, and its send button reachable on a screen this high. */
    private void assertTheControlsLieBesideTheJoystick(int screenHeight) {
        var joystick =
                browser.findElement(By.cssSelector("[data-testid=joystick]")).getRect();
        assertTrue(joystick.getWidth() >= 150, "big enough for a thumb: " + joystick);
        assertTrue(
                joystick.getY() >= 0 && joystick.getY() + joystick.getHeight() <= screenHeight,
                "on screen: " + joystick);
        Object overflow = ((JavascriptExecutor) browser)
                .executeScript("const c = document.getElementById('command-forms');"
                        + "return c.scrollWidth - c.clientWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the controls fit their width");
        for (WebElement form : browser.findElements(By.cssSelector("[data-command-form]"))) {
            var box = form.getRect();
            assertTrue(
                    box.getX() + box.getWidth() <= joystick.getX()
                            || box.getX() >= joystick.getX() + joystick.getWidth(),
                    "the controls do not cover the joystick: " + box + " and " + joystick);
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'nearest'});", form);
            var send = form.findElement(By.cssSelector("button[type=submit]")).getRect();
            assertTrue(send.getY() >= 0 && send.getY() + send.getHeight() <= screenHeight, "reachable: " + send);
            for (WebElement part : form.findElements(By.cssSelector(".param > *"))) {
                var r = part.getRect();
                assertTrue(
                        r.getX() + r.getWidth() <= send.getX()
                                || r.getX() >= send.getX() + send.getWidth()
                                || r.getY() + r.getHeight() <= send.getY()
                                || r.getY() >= send.getY() + send.getHeight(),
                        "the send button covers nothing: " + part.getTagName() + " " + box(r) + " under " + box(send));
            }
        }
    }

    private static String box(org.openqa.selenium.Rectangle r) {
        return r.getX() + "," + r.getY() + " " + r.getWidth() + "x" + r.getHeight();
    }

    /** The server again, with the tank test plugin as its only vehicle. */
    private void startTank() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("tank-plugins"));
        PluginJar.write(plugins.resolve("tank.jar"), "tank", TankProvider.class);
        server.close();
        server = RunningTeledrive.start(work, "--port", Integer.toString(port), "--plugins", plugins.toString());
    }

    private WebElement control(String command, String parameter) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] [data-param=" + parameter
                + "] input, " + "[data-command-form=" + command + "] [data-param=" + parameter + "] select"));
    }

    private WebElement button(String command) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] button[type=submit]"));
    }

    private WebElement output(String command) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] output"));
    }

    private static List<String> attributes(WebElement element, String... names) {
        return java.util.Arrays.stream(names).map(element::getAttribute).toList();
    }

    private RunningTeledrive startServer() throws Exception {
        return RunningTeledrive.start(work, "--port", Integer.toString(port), "--set", "iracer.url=" + car.url());
    }

    private void open(boolean phone) {
        open(phone, 390, 844);
    }

    private void open(boolean phone, int width, int height) {
        open(phone, width, height, true);
    }

    /** A new headless Chromium, as a desktop window or an emulated phone. */
    private WebDriver launch(boolean phone, int width, int height, String profile) {
        return Chromium.launch(work.resolve(profile), phone, width, height);
    }

    private void open(boolean phone, int width, int height, boolean waitForControls) {
        browser = launch(phone, width, height, "chrome-" + width + "x" + height);
        browser.get(server.uri().toString());
        waitFor(b -> status(b).equals("connected"));
        if (waitForControls) {
            waitFor(b -> !b.findElements(By.cssSelector("[data-command=up]")).isEmpty());
        }
    }

    private static String status(WebDriver b) {
        return b.findElement(By.cssSelector("[data-testid=status]")).getText();
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void assertNoConsoleErrors() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertTrue(severe.isEmpty(), "console errors: " + severe);
    }
}
