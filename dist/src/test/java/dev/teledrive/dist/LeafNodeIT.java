package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.WsClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home with several cars (docs/sites.md): the shipped {@code deploy/nats-leaf.conf} on a real
 * nats-server at "home", a leaf of a "cloud" nats-server; two sites of the distribution dial the
 * leaf with their own users, a hub dials the cloud with its own. The hub lists both homes' cars and
 * drives one, acked by its site at home through the leaf.
 */
class LeafNodeIT {

    @TempDir
    Path work;

    private NatsServers cloud;
    private NatsServers home;
    private RunningTeledrive garage;
    private RunningTeledrive shed;
    private RunningTeledrive hub;

    @AfterEach
    void stop() {
        for (RunningTeledrive t : new RunningTeledrive[] {hub, garage, shed}) {
            if (t != null) {
                t.close();
            }
        }
        if (home != null) {
            home.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void sitesOnTheHomeLeafAreListedAndDrivenThroughAHubOnTheCloud() throws Exception {
        int leafPort = freePort();
        // The cloud as docs/sites.md and the commented part of nats-server.conf have it.
        cloud = NatsServers.single(
                Files.createDirectories(work.resolve("cloud")),
                """
                authorization {
                  users: [
                    { user: hub, password: $TD_NATS_HUB,
                      permissions: { publish: ["td.hub.>"], subscribe: ["td.site.>", "td.hub.*.alive"] } }
                    { user: leaf-home, password: $TD_NATS_LEAF_HOME,
                      permissions: { publish: ["td.site.>"],
                                     subscribe: ["td.hub.*.to.garage", "td.hub.*.to.shed", "td.hub.*.alive"] } }
                  ]
                }
                leafnodes { listen: 127.0.0.1:%d }
                """.formatted(leafPort),
                Map.of("TD_NATS_HUB", "hub-secret", "TD_NATS_LEAF_HOME", "leaf-secret"));
        Path homeDir = Files.createDirectories(work.resolve("home"));
        // The shipped file, but on the test's port: NatsServers writes its own listen line.
        Files.writeString(
                homeDir.resolve("nats-leaf.conf"),
                Files.readString(RunningTeledrive.DIST.resolve("deploy/nats-leaf.conf"))
                        .replaceFirst("(?m)^listen: .*$", ""));
        String upstream = "nats-leaf://leaf-home:leaf-secret@127.0.0.1:" + leafPort;
        home = NatsServers.single(
                homeDir,
                "include ./nats-leaf.conf",
                Map.of(
                        "TD_NATS_CLOUD_A", upstream,
                        "TD_NATS_CLOUD_B", upstream,
                        "TD_NATS_CLOUD_C", upstream,
                        "TD_NATS_SITE_GARAGE", "garage-secret",
                        "TD_NATS_SITE_SHED", "shed-secret"));

        garage = site("garage");
        shed = site("shed");
        hub = RunningTeledrive.start(
                Files.createDirectories(work.resolve("hub")),
                "hub",
                "--nats",
                cloud.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort()),
                "--set",
                "nats.user=hub",
                "--set",
                "nats.password=hub-secret");

        URI ws = URI.create(hub.uri().toString().replaceFirst("^http", "ws") + "ws");
        WsClient driver = null;
        for (int i = 0; i < 150 && driver == null; i++) {
            WsClient c = WsClient.connect(ws);
            if ("connected"
                    .equals(WsClient.vehicleIn(c.next("hello"), "simulator@garage")
                            .path("state")
                            .asText())) {
                driver = c;
            } else {
                c.close();
                Thread.sleep(100);
            }
        }
        assertTrue(
                driver != null,
                "the hub on the cloud never listed the garage's car at home\ncloud:\n"
                        + cloud.nodes().get(0).log() + "\nhome:\n"
                        + home.nodes().get(0).log());
        try (WsClient c = driver) {
            assertEquals(
                    "ack",
                    c.request(1, "{\"command\":\"claim\",\"id\":1}")
                            .path("type")
                            .asText());
            assertEquals(
                    "ack",
                    c.request(2, "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":0,\"id\":2}")
                            .path("type")
                            .asText(),
                    "acked by the site at home, through the leaf");
            JsonNode shedListed = null;
            for (int i = 0; i < 50 && shedListed == null; i++) {
                try (WsClient again = WsClient.connect(ws)) {
                    JsonNode hello = again.next("hello");
                    if (WsClient.vehicleIn(hello, "simulator@shed").isObject()) {
                        shedListed = hello;
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(shedListed != null, "the second car host at home is listed too");
        }
    }

    private RunningTeledrive site(String name) throws Exception {
        return RunningTeledrive.start(
                Files.createDirectories(work.resolve(name)),
                "--site",
                name,
                "--nats",
                home.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort()),
                "--set",
                "nats.user=site-" + name,
                "--set",
                "nats.password=" + name + "-secret");
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
