package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.dist.turret.TurretProvider;
import dev.teledrive.server.support.PluginJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's sliders in a real headless Chromium against the packaged distribution: each sits on
 * its parameter's grid (its own step, counted from 0 when 0 is in range, else from min), shows its
 * unit, and starts at the vehicle's value when telemetry reports a field of the parameter's name.
 */
class SliderIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private RunningTeledrive server;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slidersSitOnTheirGridAndTelemetrySeedsThem() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJar.write(plugins.resolve("turret.jar"), "turret", TurretProvider.class);
        server = RunningTeledrive.start(work, "--port", "0", "--plugins", plugins.toString());
        browser = Chromium.launch(work.resolve("chrome"), false, 1280, 800);
        browser.get(server.uri().toString());
        waitFor(b -> !b.findElements(By.cssSelector("[data-command-form=zoom]")).isEmpty());

        // Its own step of 5 on -172..172: the grid from 0, so -170..170, starting at 0.
        WebElement pan = control("pan");
        assertEquals(List.of("-170", "170", "5", "0"), attributes(pan, "min", "max", "step", "value"));
        assertEquals("0 °", output("pan").getText());
        // No step of its own on -30..60: 1 (the nearest of 1, 2, 5 to a hundredth of the range), from 0.
        WebElement tilt = control("tilt");
        assertEquals(List.of("-30", "60", "1"), attributes(tilt, "min", "max", "step"));
        // 0 out of range: the grid counts from min, and the slider starts there.
        WebElement zoom = control("zoom");
        assertEquals(List.of("1.5", "8", "0.5", "1.5"), attributes(zoom, "min", "max", "step", "value"));
        assertEquals("1.5 x", output("zoom").getText());

        // The vehicle reports its tilt (20): the slider starts there, not at 0.
        waitFor(b -> control("tilt").getAttribute("value").equals("20"));
        assertEquals("20", output("tilt").getText());

        try (Telemetry telemetry = new Telemetry(server.uri())) {
            pan.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            waitFor(b -> output("pan").getText().equals("10 °"));
            button("pan").click();
            assertEquals(10.0, telemetry.await("pan").path("sent-pan").asDouble(), 1e-9);

            zoom.sendKeys(Keys.ARROW_RIGHT);
            button("zoom").click();
            assertEquals(2.0, telemetry.await("zoom").path("sent-zoom").asDouble(), 1e-9);

            // Once the driver moves it, the slider is theirs: the vehicle's 20 no longer resets it.
            tilt.sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT);
            telemetry.skip(3); // three of the vehicle's reports of 20 since
            assertEquals("18", control("tilt").getAttribute("value"));
            button("tilt").click();
            assertEquals(18.0, telemetry.await("tilt").path("sent-tilt").asDouble(), 1e-9);
        }
    }

    private WebElement control(String command) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] input"));
    }

    private WebElement output(String command) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] output"));
    }

    private WebElement button(String command) {
        return browser.findElement(By.cssSelector("[data-command-form=" + command + "] button[type=submit]"));
    }

    private static List<String> attributes(WebElement element, String... names) {
        return java.util.Arrays.stream(names).map(element::getAttribute).toList();
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }

    /** A spectator connection that hands over the turret's telemetry samples. */
    private static final class Telemetry implements AutoCloseable {
        private final LinkedBlockingQueue<JsonNode> samples = new LinkedBlockingQueue<>();
        private final WebSocket socket;

        Telemetry(URI page) throws Exception {
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + page.getAuthority() + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                try {
                                    JsonNode m = JSON.readTree(text.toString());
                                    if ("telemetry".equals(m.path("type").asText())) {
                                        samples.add(m);
                                    }
                                } catch (Exception e) {
                                    // not JSON: not for us
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        }

        /** The next sample that reports this command. */
        JsonNode await(String command) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                JsonNode m = samples.poll(left, TimeUnit.NANOSECONDS);
                if (m != null && command.equals(m.path("command").asText())) {
                    return m;
                }
            }
            throw new AssertionError("the turret never reported " + command);
        }

        /** Waits for this many more samples. */
        void skip(int count) throws InterruptedException {
            samples.clear();
            for (int i = 0; i < count; i++) {
                if (samples.poll(10, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("the turret stopped reporting");
                }
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
