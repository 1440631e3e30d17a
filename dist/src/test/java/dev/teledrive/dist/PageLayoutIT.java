package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The page as people first see it, at a phone's two orientations, a laptop's and a desktop's size:
 * the picture in view on load, no part covering another, no text running out of its box, nothing of
 * the wire protocol on screen, and no serious accessibility fault by axe-core's rules. Screenshots go
 * to target/screenshots (docs/page.md shows some of them).
 */
class PageLayoutIT {

    @TempDir
    Path work;

    private RunningTeledrive server;

    @BeforeEach
    void start() throws Exception {
        server = RunningTeledrive.start(
                work, "--port", Integer.toString(RunningTeledrive.freePort()), "--set", "simulator.cars=a,b");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{3}, {0}x{1}")
    @CsvSource({
        "390, 844, true, phone-portrait",
        "844, 390, true, phone-landscape",
        "1366, 650, false, laptop",
        "1920, 1080, false, desktop"
    })
    void thePictureIsInViewAndNothingCoversAnything(int width, int height, boolean phone, String name) {
        try (var page = new PageUnderTest(work, phone, width, height).open(server.uri())) {
            page.waitFor(b -> page.shown("[data-testid=video]")
                    && !page.all(".reading").isEmpty()
                    && page.text("[data-testid=video-fps]").matches("[1-9]\\d*"));
            page.screenshot("page-" + name);
            var box = PageChecks.pictureBox(page.browser());
            double vw = box.get("vw").doubleValue();
            double vh = box.get("vh").doubleValue();
            assertTrue(
                    box.get("top").doubleValue() >= 0
                            && box.get("left").doubleValue() >= 0
                            && box.get("right").doubleValue() <= vw + 1
                            && box.get("bottom").doubleValue() <= vh + 1,
                    "the whole picture is in view on load, without scrolling: " + box);
            assertTrue(
                    box.get("width").doubleValue() >= (phone ? 0.95 : 0.5) * vw,
                    "the picture takes the width it can: " + box);
            boolean overlay = phone && width > height; // on its side the controls lie over the picture
            assertEquals(List.of(), PageChecks.overlaps(page.browser(), !overlay), "parts covering each other");
            assertEquals(List.of(), PageChecks.overflows(page.browser()), "texts running out of their box");
            assertNull(PageChecks.protocolText(page.browser()));
            assertEquals(List.of(), PageChecks.seriousAccessibilityViolations(page.browser()));
            page.assertNoConsoleErrors();
        }
    }

    @Test
    void onAPhoneFullScreenLaysTheJoystickOverThePicture() {
        try (var page = new PageUnderTest(work, true, 390, 844).open(server.uri())) {
            page.waitFor(b -> page.shown("[data-testid=video]") && page.shown("[data-testid=fullscreen]"));
            page.find("[data-testid=fullscreen]").click();
            page.waitFor(b -> (Boolean) page.script("return document.body.classList.contains('fullscreen');"));
            page.waitFor(b -> page.text("[data-testid=fullscreen]").equals("Leave full screen"));
            page.screenshot("page-phone-fullscreen");
            var picture = page.find("[data-testid=video]").getRect();
            var joystick = page.find("[data-testid=joystick]").getRect();
            assertTrue(
                    joystick.getX() >= picture.getX()
                            && joystick.getY() >= picture.getY()
                            && joystick.getX() + joystick.getWidth() <= picture.getX() + picture.getWidth() + 1
                            && joystick.getY() + joystick.getHeight() <= picture.getY() + picture.getHeight() + 1,
                    "the joystick lies over the picture: " + box(joystick) + " over " + box(picture));
            assertTrue(joystick.getWidth() >= 150, "big enough for a thumb: " + box(joystick));
            assertEquals(List.of(), PageChecks.overlaps(page.browser(), false), "controls covering each other");
            page.find("[data-testid=fullscreen]").click();
            page.waitFor(b -> !(Boolean) page.script("return document.body.classList.contains('fullscreen');"));
            page.assertNoConsoleErrors();
        }
    }

    private static String box(org.openqa.selenium.Rectangle r) {
        return r.getX() + "," + r.getY() + " " + r.getWidth() + "x" + r.getHeight();
    }
}
