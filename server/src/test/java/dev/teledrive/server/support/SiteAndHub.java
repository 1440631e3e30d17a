package dev.teledrive.server.support;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The smallest setup of sites and hubs: one real nats-server, a site {@code home} with the test
 * plugins, and a hub on a free port. Closed hub first, then site, then NATS; a start that fails
 * half way closes what it had started.
 */
public final class SiteAndHub implements AutoCloseable {

    private final NatsServers nats;
    private TestServer site;
    private Teledrive hub;

    private SiteAndHub(NatsServers nats) {
        this.nats = nats;
    }

    /** @param natsConfig lines for the nats-server's configuration, such as {@code max_payload: 4MB} */
    public static SiteAndHub start(Path tmp, String natsConfig) throws Exception {
        var parts =
                new SiteAndHub(NatsServers.single(Files.createDirectories(tmp.resolve("nats")), natsConfig, Map.of()));
        try {
            parts.site = TestServer.start(tmp, c -> c.with("site.name", "home").with("nats.url", parts.nats.urls()));
            parts.hub = Teledrive.builder(new MapConfiguration(Map.of("port", "0", "nats.url", parts.nats.urls())))
                    .hub()
                    .start();
            return parts;
        } catch (Exception | Error e) {
            parts.close();
            throw e;
        }
    }

    public NatsServers nats() {
        return nats;
    }

    public TestServer site() {
        return site;
    }

    public Teledrive hub() {
        return hub;
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.close();
        }
        if (site != null) {
            site.close();
        }
        nats.close();
    }
}
