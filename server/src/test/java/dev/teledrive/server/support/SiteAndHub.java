package dev.teledrive.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One real nats-server and the sites (with the test plugins) and hubs (on free ports) a test runs on
 * it: those its {@link Builder} names, started in that order, and any it starts later, for instance a
 * site that comes back after the test stopped it. Closed hubs first, then sites, then NATS, each even
 * when one before it fails; a start that fails half way closes what it had started.
 */
public final class SiteAndHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A site silent for 3 s is unreachable at a hub; the rest is a margin for a loaded machine. */
    private static final Duration SOON = Duration.ofSeconds(15);

    private final Path tmp;
    private final NatsServers nats;
    private final List<TestServer> sites = new ArrayList<>();
    private final Map<String, TestServer> latest = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private final List<Teledrive> hubs = new ArrayList<>();

    private SiteAndHub(Path tmp, NatsServers nats) {
        this.tmp = tmp;
        this.nats = nats;
    }

    /**
     * The smallest setup: a site {@code home} and a hub.
     *
     * @param natsConfig lines for the nats-server's configuration, such as {@code max_payload: 4MB}
     */
    public static SiteAndHub start(Path tmp, String natsConfig) throws Exception {
        return on(tmp).nats(natsConfig).site("home").hub().start();
    }

    /** A setup whose parts live in folders under {@code tmp}. */
    public static Builder on(Path tmp) {
        return new Builder(tmp);
    }

    /** What to start: the nats-server's configuration, then sites, then hubs, each with its own settings. */
    public static final class Builder {
        private final Path tmp;
        private String natsConfig = "";
        private Map<String, String> natsEnv = Map.of();
        private boolean cluster;
        private final Map<String, Map<String, String>> sites = new LinkedHashMap<>();
        private final List<Map<String, String>> hubs = new ArrayList<>();

        private Builder(Path tmp) {
            this.tmp = tmp;
        }

        /** @param config lines for the nats-server's configuration, such as {@code max_payload: 4MB} */
        public Builder nats(String config) {
            return nats(config, Map.of());
        }

        /** @param env environment variables the configuration names, such as {@code $SITE_PASSWORD} */
        public Builder nats(String config, Map<String, String> env) {
            this.natsConfig = config;
            this.natsEnv = env;
            return this;
        }

        /**
         * A three-node NATS cluster rather than one node, whose nodes do not advertise each other
         * ({@link NatsServers#unadvertisedCluster}): each part gets every node's URL unless its settings
         * name {@code nats.url}, and a part given one node's URL is cut off when that node is frozen.
         */
        public Builder cluster() {
            cluster = true;
            return this;
        }

        public Builder site(String name) {
            return site(name, Map.of());
        }

        /** A site with these settings besides its name and the NATS URL. */
        public Builder site(String name, Map<String, String> settings) {
            sites.put(name, settings);
            return this;
        }

        public Builder hub() {
            return hub(Map.of());
        }

        /** A hub with these settings besides port 0 and the NATS URL; it does not wait for any site. */
        public Builder hub(Map<String, String> settings) {
            hubs.add(settings);
            return this;
        }

        public SiteAndHub start() throws Exception {
            Path dir = Files.createDirectories(tmp.resolve("nats"));
            var parts = new SiteAndHub(
                    tmp,
                    cluster
                            ? NatsServers.unadvertisedCluster(dir, natsConfig, natsEnv)
                            : NatsServers.single(dir, natsConfig, natsEnv));
            try {
                for (var site : sites.entrySet()) {
                    parts.startSite(site.getKey(), site.getValue());
                }
                for (var hub : hubs) {
                    parts.startHub(hub);
                }
                return parts;
            } catch (Exception | Error e) {
                parts.close();
                throw e;
            }
        }
    }

    /**
     * Starts a site now, in a folder of its own (a site started again under the same name gets a new
     * one); {@link #site(String)} then names it.
     */
    public TestServer startSite(String name, Map<String, String> settings) throws Exception {
        int start = starts.merge(name, 1, Integer::sum);
        Path dir = Files.createDirectories(tmp.resolve(start == 1 ? name : name + "-" + start));
        TestServer site = TestServer.start(dir, c -> {
            MapConfiguration all = c.with("site.name", name).with("nats.url", nats.urls());
            for (var e : settings.entrySet()) {
                all = all.with(e.getKey(), e.getValue());
            }
            return all;
        });
        sites.add(site);
        latest.put(name, site);
        return site;
    }

    public TestServer startSite(String name) throws Exception {
        return startSite(name, Map.of());
    }

    /** Starts a hub now, with these settings besides port 0 and the NATS URL. */
    public Teledrive startHub(Map<String, String> settings) throws Exception {
        var config = new HashMap<>(Map.of("port", "0", "nats.url", nats.urls()));
        config.putAll(settings);
        Teledrive hub = Teledrive.builder(new MapConfiguration(config)).hub().start();
        hubs.add(hub);
        return hub;
    }

    /**
     * Waits until this hub has heard this many sites (its {@code /api/status}), so that its next
     * client starts at one of them.
     */
    public static Teledrive hearing(Teledrive hub, int sites) throws Exception {
        for (int i = 0; i < 100; i++) {
            String status = HTTP.send(
                            HttpRequest.newBuilder(hub.uri().resolve("/api/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (JSON.readTree(status).path("nats").path("sites").size() == sites) {
                return hub;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the hub never heard " + sites + " site(s)");
    }

    /**
     * The next message that matches, within the 3 s of silence a hub allows a site plus a margin for
     * a loaded machine ({@link WsClient}'s own wait is 5 s).
     */
    public static JsonNode soon(WsClient c, Predicate<JsonNode> wanted) throws InterruptedException {
        JsonNode m = c.poll(wanted, SOON);
        if (m == null) {
            throw new AssertionError("no such message within " + SOON.toSeconds() + " s");
        }
        return m;
    }

    /** A WebSocket client at this server's {@code /ws}. */
    public static WsClient client(Teledrive server) throws Exception {
        return WsClient.connect(URI.create(server.uri().toString().replaceFirst("^http", "ws") + "ws"));
    }

    /**
     * A client greeted by a site through this hub: one whose {@code hello} lists vehicles. One that
     * came before the hub heard any site is seated nowhere, so the attempts leave no seat behind.
     */
    public static WsClient listedClient(Teledrive hub) throws Exception {
        for (int i = 0; i < 50; i++) {
            WsClient c = client(hub);
            if (c.next("hello").path("vehicles").size() > 0) {
                return c;
            }
            c.close();
            Thread.sleep(100);
        }
        throw new AssertionError("the hub never listed the site's vehicles");
    }

    public NatsServers nats() {
        return nats;
    }

    /** The first site started. */
    public TestServer site() {
        return sites.get(0);
    }

    /** The site of this name started last. */
    public TestServer site(String name) {
        return latest.get(name);
    }

    /** The first hub started. */
    public Teledrive hub() {
        return hubs.get(0);
    }

    /** The hubs in the order they started. */
    public Teledrive hub(int index) {
        return hubs.get(index);
    }

    @Override
    public void close() {
        List<AutoCloseable> order = new ArrayList<>();
        for (int i = hubs.size() - 1; i >= 0; i--) {
            order.add(hubs.get(i));
        }
        for (int i = sites.size() - 1; i >= 0; i--) {
            order.add(sites.get(i));
        }
        order.add(nats);
        for (AutoCloseable part : order) {
            try {
                part.close(); // a part the test closed itself closes once
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }
}
