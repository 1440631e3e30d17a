package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.bus.Subjects;
import dev.teledrive.server.support.NatsServers;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/nats-server.conf} on a real nats-server: a site speaks under its own
 * name only, so NATS itself refuses a site's credentials posing as another site or as a hub.
 */
class NatsPermissionsIT {

    private static final Map<String, String> PASSWORDS = Map.of(
            "TD_NATS_HUB", "hub-secret",
            "TD_NATS_SITE_HOME", "home-secret",
            "TD_NATS_SITE_GARAGE", "garage-secret");

    @TempDir
    static Path tmp;

    private static NatsServers nats;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(RunningTeledrive.DIST.resolve("deploy/nats-server.conf"), tmp.resolve("nats-server.conf"));
        nats = NatsServers.single(tmp, "include ./nats-server.conf", PASSWORDS);
    }

    @AfterAll
    static void stop() {
        if (nats != null) {
            nats.close();
        }
    }

    /** A client that keeps every error the server sends it. */
    private record Client(Connection connection, BlockingQueue<String> errors) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Client connect(String user, String password) throws Exception {
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        Options options = Options.builder()
                .server(nats.urls())
                .userInfo(user, password)
                .maxReconnects(0)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                })
                .build();
        return new Client(Nats.connect(options), errors);
    }

    @Test
    void aSiteSpeaksAsItselfAndIsRefusedAsAnotherSiteOrAHub() throws Exception {
        try (Client hub = connect("hub", "hub-secret");
                Client home = connect("site-home", "home-secret")) {
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            hub.connection().createDispatcher(heard::add).subscribe("td.site.>");
            BlockingQueue<Message> commands = new LinkedBlockingQueue<>();
            hub.connection().createDispatcher(commands::add).subscribe("td.hub.*.to.garage");
            hub.connection().flush(Duration.ofSeconds(5));

            home.connection().publish(Subjects.siteAlive("garage"), bytes("I am garage"));
            home.connection().publish(Subjects.hubToSite("public", "garage"), bytes("{\"command\":\"up\"}"));
            home.connection().publish(Subjects.siteAlive("home"), bytes("I am home"));
            home.connection().flush(Duration.ofSeconds(5));

            Message first = heard.poll(5, TimeUnit.SECONDS);
            assertEquals(Subjects.siteAlive("home"), first.getSubject(), "its own subject passes");
            assertEquals("home", Subjects.sender(first.getSubject()));
            assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "nothing posed as garage");
            assertNull(commands.poll(10, TimeUnit.MILLISECONDS), "nothing posed as a hub");
            String refusal = home.errors().poll(5, TimeUnit.SECONDS);
            assertTrue(
                    refusal.contains("Permissions Violation for Publish to \"td.site.garage.alive\""),
                    "NATS says why: " + refusal);
            String second = home.errors().poll(5, TimeUnit.SECONDS);
            assertTrue(second.contains("Permissions Violation for Publish to \"td.hub.public.to.garage\""), second);
        }
    }

    @Test
    void aSiteCannotListenToAnotherSitesCommands() throws Exception {
        try (Client home = connect("site-home", "home-secret")) {
            home.connection().createDispatcher(m -> {}).subscribe(Subjects.anyHubToSite("garage"));
            home.connection().flush(Duration.ofSeconds(5));
            String refusal = home.errors().poll(5, TimeUnit.SECONDS);
            assertTrue(refusal.contains("Permissions Violation for Subscription to \"td.hub.*.to.garage\""), refusal);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThrows(
                Exception.class, () -> connect("site-home", "garage-secret").close());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
