package dev.teledrive.server.bus;

import static dev.teledrive.server.support.WsClient.inRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.SiteAndHub;
import dev.teledrive.server.support.WsClient;
import io.nats.client.NKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites and hubs log in to a real nats-server with an nkey (docs/sites.md, "Logging in to NATS"):
 * the server's configuration lists only each user's public key, the process holds the seed in the
 * file {@code nats.credentials} names and signs the server's nonce with it. A wrong seed is refused
 * with an error that names the setting and the public key it tried, so the operator can compare it
 * with the server's list.
 */
class NatsNkeyIT {

    @TempDir
    Path tmp;

    private final NKey siteKey = user();
    private final NKey hubKey = user();

    @AutoClose // hubs, then sites, then NATS
    private SiteAndHub parts;

    @Test
    void aSiteWithItsSeedDrivesThroughAHubWithItsOwn() throws Exception {
        parts = SiteAndHub.on(tmp)
                .nats(authorization())
                .site(
                        "home",
                        Map.of("nats.credentials", seedFile("home.nk", siteKey).toString()))
                .hub(Map.of("nats.credentials", seedFile("hub.nk", hubKey).toString()))
                .start();
        SiteAndHub.hearing(parts.hub(), 1);
        RecordingVehicle car = parts.site().recorder();
        try (WsClient c =
                WsClient.connect(URI.create(parts.hub().uri().toString().replaceFirst("^http", "ws") + "ws"))) {
            c.next("hello");
            c.request(1, "{\"command\":\"select\",\"vehicle\":\"recorder@home\",\"id\":1}");
            car.await("open");
            c.next(inRole("recorder@home", "driver"));
            JsonNode ack = c.request(2, "{\"command\":\"drive\",\"throttle\":0.4,\"steer\":0,\"id\":2}");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            car.await("drive");
        }
    }

    @Test
    void aSiteWithAWrongSeedIsRefusedWithTheKeyItTried() throws Exception {
        NKey stranger = user();
        parts = SiteAndHub.on(tmp).nats(authorization()).start();
        Path file = seedFile("home.nk", stranger);
        var refused = assertThrows(
                ConfigurationException.class,
                () -> parts.startSite("home", Map.of("nats.credentials", file.toString())));
        String message = refused.getMessage();
        assertTrue(message.contains("Authorization Violation"), message);
        assertTrue(message.contains("nats.credentials"), message);
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains(new String(stranger.getPublicKey())), message);
    }

    /** Only the public keys: the seeds never leave the processes that hold them. */
    private String authorization() throws Exception {
        return "authorization {\n  users: [\n"
                + "    { nkey: " + new String(siteKey.getPublicKey()) + ", permissions: {"
                + " publish: [\"td.site.home.>\"],"
                + " subscribe: [\"td.hub.*.to.home\", \"td.hub.*.watch.home\", \"td.hub.*.alive\"] } }\n"
                + "    { nkey: " + new String(hubKey.getPublicKey()) + ", permissions: {"
                + " publish: [\"td.hub.>\"], subscribe: [\"td.site.>\", \"td.hub.*.alive\"] } }\n"
                + "  ]\n}\n";
    }

    /** The seed as `nk -gen user` writes it: one line. */
    private Path seedFile(String name, NKey key) throws Exception {
        return Files.writeString(tmp.resolve(name), new String(key.getSeed()) + "\n");
    }

    private static NKey user() {
        try {
            return NKey.createUser(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
