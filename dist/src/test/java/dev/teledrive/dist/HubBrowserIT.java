package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The page in a real headless Chromium at a hub (issue 24, "Done when"): a real nats-server, a site
 * of the distribution ({@code bin/teledrive --site home --nats URL}) with the simulator, and a hub
 * ({@code bin/teledrive hub --nats URL}), as a user would start them. The page at the hub drives the
 * site's car, a second window queues, and the driver's page reloads and gets its seat back by
 * itself (resume) while the second window keeps its place in line; the page shows the site's
 * camera live, in H.264 and in JPEG, through the hub.
 */
class HubBrowserIT {

    private static final String CAR = "simulator@home";

    @TempDir
    Path work;

    private NatsServers nats;
    private RunningTeledrive site;
    private RunningTeledrive hub;
    private final List<PageUnderTest> pages = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        nats = NatsServers.single(Files.createDirectories(work.resolve("nats")), "", Map.of());
        site = RunningTeledrive.start(
                Files.createDirectories(work.resolve("site")),
                "--site",
                "home",
                "--nats",
                nats.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort()));
        hub = RunningTeledrive.start(
                Files.createDirectories(work.resolve("hub")),
                "hub",
                "--nats",
                nats.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort()));
        awaitListed();
    }

    @AfterEach
    void stop() {
        pages.forEach(PageUnderTest::close);
        if (hub != null) {
            hub.close();
        }
        if (site != null) {
            site.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void drivesQueuesAndAfterAReloadTheDriverHasItsSeatBackByItself() throws Exception {
        PageUnderTest driver = page();
        driver.waitFor(b -> driver.text("[data-testid=role]").equals("You are driving."));
        try (TelemetryWatcher car = new TelemetryWatcher(site.uri())) {
            new Actions(driver.browser()).keyDown(Keys.ARROW_UP).perform();
            car.await(t -> t.path("speed").asDouble() > 0.5);
            new Actions(driver.browser()).keyUp(Keys.ARROW_UP).perform();
            car.await(t -> t.path("speed").asDouble() == 0.0);

            PageUnderTest second = page();
            second.waitFor(b -> second.text("[data-testid=role]").startsWith("You are watching"));
            second.find("[data-testid=claim]").click();
            second.waitFor(b -> second.text("[data-testid=role]").equals("You are in line."));

            driver.browser().navigate().refresh();
            driver.waitFor(b -> driver.text("[data-testid=status]").equals("connected")
                    && driver.text("[data-testid=role]").equals("You are driving."));
            assertEquals("You are in line.", second.text("[data-testid=role]"), "the queue waited for the resume");
            new Actions(driver.browser()).keyDown(Keys.ARROW_UP).perform();
            car.await(t -> t.path("speed").asDouble() > 0.5);
            new Actions(driver.browser()).keyUp(Keys.ARROW_UP).perform();
            car.await(t -> t.path("speed").asDouble() == 0.0);
            driver.screenshot("hub-driver-after-reload");
            driver.assertNoConsoleErrors();
            second.assertNoConsoleErrors();
        }
    }

    @Test
    void thePageAtTheHubShowsTheSitesCameraLive() throws Exception {
        PageUnderTest page = page(); // http://127.0.0.1 is a secure context: H.264 through WebCodecs
        page.waitFor(b -> page.shown("[data-testid=video]")
                && page.text("[data-testid=video-latency]").matches("\\d+")
                && page.text("[data-testid=video-fps]").matches("[1-9]\\d*"));
        assertEquals("h264", page.find("[data-testid=video]").getAttribute("data-codec"));
        assertEquals(
                "640",
                page.find("[data-testid=video]").getAttribute("width"),
                "the picture of " + CAR + "'s camera, at its size, through the hub");
        page.screenshot("hub-video-h264");

        page.browser().get(hub.uri() + "?codec=jpeg");
        page.waitFor(b -> "jpeg".equals(page.find("[data-testid=video]").getAttribute("data-codec"))
                && page.shown("[data-testid=video]")
                && page.text("[data-testid=video-latency]").matches("\\d+"));
        page.screenshot("hub-video-jpeg");
        page.assertNoConsoleErrors();
    }

    private PageUnderTest page() {
        var page = new PageUnderTest(work, false, 1366, 650);
        pages.add(page);
        return page.open(hub.uri());
    }

    /**
     * Waits until the hub lists the site's car: a page opened before the hub heard the site would
     * wait for a state the hub does not send yet (TODO(issue 24, PROTOCOL.md "Ids at a hub": "a site
     * that connects later appears by state")).
     */
    private void awaitListed() throws Exception {
        URI ws = URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws");
        for (int i = 0; i < 100; i++) {
            try (WsClient c = WsClient.connect(ws)) {
                JsonNode hello = c.next("hello");
                if ("connected"
                        .equals(WsClient.vehicleIn(hello, CAR).path("state").asText())) {
                    // the first comer drives: give the seat back now, or it would be held for a resume
                    c.request("free", "{\"command\":\"release\",\"id\":\"free\"}");
                    return;
                }
            }
            Thread.sleep(Duration.ofMillis(100).toMillis());
        }
        throw new AssertionError("the hub never listed " + CAR);
    }
}
