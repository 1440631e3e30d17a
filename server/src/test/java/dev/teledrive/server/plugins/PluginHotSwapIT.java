package dev.teledrive.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.iracer.fake.FakeIRacer;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars dropped into, taken out of and replaced in the plugins folder of a running server. */
class PluginHotSwapIT {

    @TempDir
    Path tmp;

    private static boolean lists(JsonNode m, String vehicle) {
        return "state".equals(m.path("type").asText())
                && m.path("vehicles").toString().contains("\"id\":\"" + vehicle + "\"");
    }

    private static boolean lacks(JsonNode m, String vehicle) {
        return "state".equals(m.path("type").asText())
                && !m.path("vehicles").toString().contains("\"id\":\"" + vehicle + "\"");
    }

    /** Takes messages oldest first up to and including the first that matches. */
    private static void skipTo(WsClient c, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        while (!wanted.test(c.next())) {
            // an earlier message, passed over for good
        }
    }

    @Test
    void dropInDriveTakeOutPutBackAndReplaceWithoutARestart() throws Exception {
        Path built = Path.of(System.getProperty("teledrive.test.plugins", "target/test-plugins"), "iracer.jar");
        byte[] jar = Files.readAllBytes(built);
        try (FakeIRacer car = new FakeIRacer();
                TestServer server = TestServer.start(tmp, c -> c.with("iracer.url", car.url()));
                WsClient c = server.connect()) {
            c.next("hello");
            Path target = server.plugins().resolve("iracer.jar");

            Files.write(target, Arrays.copyOf(jar, jar.length / 2)); // a copy still under way
            Thread.sleep(1_200);
            assertFalse(server.get("/api/vehicles").body().contains("\"iracer\""), "half a jar is not loaded");

            long dropped = System.nanoTime();
            Files.write(target, jar);
            c.next(m -> lists(m, "iracer"));
            System.out.printf(
                    "hot drop-in: vehicle listed %d ms after the copy finished%n",
                    (System.nanoTime() - dropped) / 1_000_000);

            c.selectConnected("iracer");
            assertEquals(0x00, car.nextByte());
            c.request(2, "{\"command\":\"up\",\"duration\":2,\"id\":2}");
            assertEquals(0x1C, car.nextByte());

            c.clear(); // from here on, each wait must see what this step caused, not an older state
            Files.delete(target);
            assertEquals(0x00, car.nextByte(), "the car is stopped before its plugin goes");
            JsonNode gone = c.next(m ->
                    lacks(m, "iracer") && "simulator".equals(m.path("selected").asText()));
            assertEquals("simulator", gone.path("selected").asText(), "the selection falls back to the default");
            // The clients hear of the fallback first; the plugin unloads right after its vehicles close.
            assertTrue(
                    eventually(() -> !server.get("/api/plugins").body().contains("\"iracer\"")),
                    "the plugin is unloaded");

            c.clear();
            Files.copy(built, target, StandardCopyOption.REPLACE_EXISTING);
            c.next(m -> lists(m, "iracer"));

            // A new build of the same plugin copied over the old one: reloaded in place.
            c.clear();
            Files.write(target, jar);
            // In the order they came: a state sent before the reload (its watchers' count, say)
            // also lists the vehicle, and must not pass for the one after it.
            skipTo(c, m -> lacks(m, "iracer"));
            skipTo(c, m -> lists(m, "iracer"));
            JsonNode reselected = c.request(3, "{\"command\":\"select\",\"vehicle\":\"iracer\",\"id\":3}");
            assertEquals("ack", reselected.path("type").asText(), reselected.toString());
            car.awaitByte(0x00);
        }
    }

    @Test
    void aBrokenJarDroppedInIsReportedAndNothingElseChanges() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            c.next("hello");
            Path junk = server.plugins().resolve("junk.jar");
            Files.write(junk, "not a jar at all, but complete".getBytes());
            // Not a zip: it never settles as a plugin file, so nothing loads and nothing breaks.
            Thread.sleep(1_000);
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"up\",\"id\":1}").path("type").asText());
            assertFalse(server.get("/api/vehicles").body().contains("junk"));
        }
    }

    @Test
    void aPluginAuthorsJarDroppedInIsSelectedAndDrivenWithoutARestart() throws Exception {
        try (TestServer server = TestServer.start(tmp);
                WsClient c = server.connect()) {
            c.next("hello");
            Path built = Path.of(System.getProperty("teledrive.test.plugins", "target/test-plugins"), "console.jar");
            Path partial = server.plugins().resolve("console.jar.part");
            Files.copy(built, partial); // copy under another name, then move: what careful installers do
            Files.move(partial, server.plugins().resolve("console.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.next(m -> lists(m, "console"));
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"select\",\"vehicle\":\"console\",\"id\":1}")
                            .path("type")
                            .asText());
            JsonNode state = c.next(m -> "state".equals(m.path("type").asText())
                    && "console".equals(m.path("selected").asText()));
            assertTrue(state.path("vocabulary").toString().contains("\"horn\""), "its own command is offered");
            c.peek(WsClient.showing("console", "connected")); // select is answered before it connects
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"horn\",\"id\":2}").path("type").asText());
            JsonNode telemetry = c.next(m -> "telemetry".equals(m.path("type").asText())
                    && "horn".equals(m.path("command").asText()));
            assertEquals("console", telemetry.path("vehicle").asText());
        }
    }

    /** Whether the condition holds within 5 s. */
    private static boolean eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
