package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The driver's page in one headless Chromium of a given size, with the waits and looks tests need. */
final class PageUnderTest implements AutoCloseable {

    static final Path SHOTS = Path.of(System.getProperty("teledrive.screenshots", "target/screenshots"));

    private final WebDriver browser;

    /** A Chromium as a phone (touch, mobile) or a desktop whose page is {@code width} x {@code height}. */
    PageUnderTest(Path work, boolean phone, int width, int height) {
        browser = Chromium.launch(
                work.resolve("chrome-" + width + "x" + height + "-" + System.nanoTime()), phone, width, height);
    }

    /** Loads the page and waits until it is connected. */
    PageUnderTest open(URI page) {
        browser.get(page.toString());
        waitFor(b -> text("[data-testid=status]").equals("connected"));
        return this;
    }

    WebDriver browser() {
        return browser;
    }

    WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    boolean shown(String css) {
        List<WebElement> found = all(css);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .pollingEvery(Duration.ofMillis(50))
                .until(condition::apply);
    }

    /** A screenshot into target/screenshots, for people to review; returns where it went. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path shot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            return Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void assertNoConsoleErrors() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // A page that reconnects logs the refused tries; that is the server's absence, not a fault.
                .filter(e -> !e.getMessage().contains("ERR_CONNECTION_REFUSED"))
                .toList();
        assertTrue(severe.isEmpty(), "console errors: " + severe);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
