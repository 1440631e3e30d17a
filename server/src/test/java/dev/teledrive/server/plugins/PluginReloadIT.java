package dev.teledrive.server.plugins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A new build copied over the jar of the vehicle being driven. */
class PluginReloadIT {

    /** Where the console vehicle logs what it is told. */
    private static final String CONSOLE_LOG = "dev.teledrive.plugin.console.console";

    @TempDir
    Path tmp;

    private static boolean consoleSelectedAndConnected(JsonNode m) {
        if (!"state".equals(m.path("type").asText())
                || !"console".equals(m.path("selected").asText())) {
            return false;
        }
        for (JsonNode v : m.path("vehicles")) {
            if ("console".equals(v.path("id").asText())) {
                return v.path("connected").asBoolean();
            }
        }
        return false;
    }

    @Test
    void theDriverKeepsTheSeatAndTheVehicleWhenItsPluginIsReloaded() throws Exception {
        Path built = Path.of(System.getProperty("teledrive.test.plugins", "target/test-plugins"), "console.jar");
        byte[] jar = Files.readAllBytes(built);
        var log = new ListAppender<ILoggingEvent>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger teledrive = (Logger) LoggerFactory.getLogger("dev.teledrive");
        Level level = teledrive.getLevel();
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            assertEquals("driver", c.next("hello").path("role").asText(), "the first client drives");
            Path target = server.plugins().resolve("console.jar");
            Files.write(target, jar);
            c.next(m -> "state".equals(m.path("type").asText())
                    && m.path("vehicles").toString().contains("\"id\":\"console\""));
            JsonNode selected = c.request(1, "{\"command\":\"select\",\"vehicle\":\"console\",\"id\":1}");
            assertEquals("ack", selected.path("type").asText(), selected.toString());
            c.next(PluginReloadIT::consoleSelectedAndConnected);
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"up\",\"id\":2}").path("type").asText());

            teledrive.setLevel(Level.INFO);
            root.addAppender(log);
            c.clear();
            Files.write(target, jar); // a new build copied over the old one
            Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis() + 2_000));

            await().atMost(Duration.ofSeconds(10)).until(() -> indexOf(log, "plugin 'console' reloaded") >= 0);
            // Clients see the old vehicle go, then the new build's take its place, selected and connected.
            c.next(m -> "state".equals(m.path("type").asText())
                    && !m.path("vehicles").toString().contains("\"id\":\"console\""));
            JsonNode after = c.next(PluginReloadIT::consoleSelectedAndConnected);
            assertEquals("console", after.path("selected").asText());
            assertTrue(after.path("driver").asBoolean(), "still the driver: " + after);
            JsonNode up = c.request(3, "{\"command\":\"up\",\"id\":3}");
            assertEquals("ack", up.path("type").asText(), up.toString());
            await().atMost(Duration.ofSeconds(5)).until(() -> indexOf(log, e -> isConsole(e, "up")) >= 0);

            int stopped = indexOf(log, e -> isConsole(e, "stop"));
            int closed = indexOf(log, e -> isConsole(e, "closed after"));
            int reloaded = indexOf(log, "plugin 'console' reloaded");
            int drove = indexOf(log, e -> isConsole(e, "up"));
            assertTrue(stopped >= 0 && stopped < closed, "the old vehicle stops, then closes: " + lines(log));
            List<String> console = List.copyOf(log.list).stream()
                    .filter(e -> e.getLoggerName().equals(CONSOLE_LOG))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            int closing = console.indexOf(console.stream()
                    .filter(l -> l.startsWith("closed after"))
                    .findFirst()
                    .orElseThrow());
            assertEquals("stop", console.get(closing - 1), "stopped right before it closes: " + console);
            assertTrue(closed < reloaded && reloaded < drove, "then the new build loads and drives: " + lines(log));
            List<String> hostLines = log.list.stream()
                    .filter(e -> e.getLoggerName().startsWith("dev.teledrive.server"))
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertEquals(List.of("plugin 'console' reloaded: vehicles console"), hostLines);
        } finally {
            root.detachAppender(log);
            teledrive.setLevel(level);
        }
    }

    private static boolean isConsole(ILoggingEvent e, String startsWith) {
        return e.getLoggerName().equals(CONSOLE_LOG) && e.getFormattedMessage().startsWith(startsWith);
    }

    private static int indexOf(ListAppender<ILoggingEvent> log, String text) {
        return indexOf(log, e -> e.getFormattedMessage().contains(text));
    }

    private static int indexOf(ListAppender<ILoggingEvent> log, Predicate<ILoggingEvent> wanted) {
        List<ILoggingEvent> events = List.copyOf(log.list);
        for (int i = 0; i < events.size(); i++) {
            if (wanted.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> lines(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream()
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
    }
}
