package dev.teledrive.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.WsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites and hubs when a part fails (issue 24, "High availability on NATS"): a real three-node
 * nats-server cluster, a site of the distribution with the simulator and two hubs of the
 * distribution, each given all three URLs, as separate processes that can be killed without a
 * goodbye. The driver's client speaks the protocol as the page does (its joystick held: a
 * {@code drive} every 100 ms); a spectator at the site itself reads the car's speed, which no NATS
 * trouble can delay.
 *
 * <p>The times from each failure to its recovery are printed ({@code failover: ...}) for
 * docs/performance.md; they are measured, never asserted.
 */
class FailoverIT {

    private static final String SITE = "site home";
    private static final String CAR = "simulator@home";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private NatsServers nats;
    private RunningTeledrive site;
    private final List<RunningTeledrive> hubs = new ArrayList<>();
    private final List<String> hubNames = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<TelemetryWatcher> watchers = new ArrayList<>();
    private int ids;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServers.cluster(Files.createDirectories(work.resolve("nats")), "", Map.of());
        site = RunningTeledrive.start(
                Files.createDirectories(work.resolve("site")),
                "--site",
                "home",
                "--nats",
                nats.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort()));
        startHub("a");
        startHub("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        hubs.forEach(RunningTeledrive::close);
        if (site != null) {
            site.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void aKilledNatsNodeLeavesEveryPartReconnectedAndDrivingResumes() throws Exception {
        WsClient driver = drivingAt(0);
        TelemetryWatcher speed = watchAtSite();
        holdJoystickUntil(driver, () -> speed.latestSpeed() > 0.5);

        int hubNode = nats.nodeWith(hubNames.get(0));
        long killed = System.nanoTime();
        nats.kill(hubNode);
        int firstAfter = ids + 1;
        holdJoystickUntil(driver, () -> repliedFrom(driver, firstAfter));
        long driving = System.nanoTime();
        awaitEveryoneConnected();
        long reconnected = System.nanoTime();
        holdJoystickUntil(driver, () -> speed.latestSpeed() > 0.5);
        report("NATS node of the driver's hub killed: a drive acked again", killed, driving);
        report("NATS node of the driver's hub killed: site and both hubs on a live node", killed, reconnected);

        int siteNode = nats.nodeWith(SITE);
        killed = System.nanoTime();
        nats.kill(siteNode);
        int afterSiteKill = ids + 1;
        holdJoystickUntil(driver, () -> repliedFrom(driver, afterSiteKill));
        report("NATS node of the site killed: a drive acked again", killed, System.nanoTime());
        awaitEveryoneConnected();
        holdJoystickUntil(driver, () -> speed.latestSpeed() > 0.5);

        // The page freezes with the joystick held: nothing NATS buffered while it moved keeps the car going.
        long letGo = System.nanoTime();
        speed.await(t -> t.path("speed").asDouble() == 0.0);
        report("driver's commands ceased after both failovers: the car stopped", letGo, System.nanoTime());
    }

    @Test
    void aNodeCutOffWithoutAWordStopsTheCarAndEveryPartMovesOn() throws Exception {
        WsClient driver = drivingAt(0);
        TelemetryWatcher speed = watchAtSite();
        holdJoystickUntil(driver, () -> speed.latestSpeed() > 0.5);

        // A partition or a hung machine: the site's node stops answering, its connections stay open.
        // The site and the hubs hear nothing from each other until jnats gives up on the node (2-3 s),
        // about when each calls the other silent: the site may end the hub's connections, and the hub
        // then ends its client, which reconnects and resumes as the page does.
        int siteNode = nats.nodeWith(SITE);
        long cut = System.nanoTime();
        nats.freeze(siteNode);
        int firstAfter = ids + 1;
        boolean stopped = false;
        long stoppedAt = 0;
        int reconnects = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!repliedFrom(driver, firstAfter)) {
            assertTrue(
                    System.nanoTime() < deadline,
                    () -> "driving never resumed after the site's node froze; " + whoIsWhere());
            if (!stopped && speed.latestSpeed() == 0.0) {
                stopped = true; // the link is down, the joystick still held: the site's dead-man stopped it
                stoppedAt = System.nanoTime();
            }
            if (driver.isClosed()) {
                driver = resumeAt(0, hello(driver).path("resume").asText());
                reconnects++;
            }
            drive(driver);
        }
        long driving = System.nanoTime();
        assertTrue(stopped, () -> "the car kept moving while its site heard no driver; " + whoIsWhere());
        report("site's NATS node frozen: the car stopped", cut, stoppedAt);
        report(
                "site's NATS node frozen (" + reconnects + " reconnect(s) of the driver): a drive acked again",
                cut,
                driving);
        awaitEveryoneConnected();
        report("site's NATS node frozen: site and both hubs on a live node", cut, System.nanoTime());
        WsClient last = driver;
        holdJoystickUntil(last, () -> speed.latestSpeed() > 0.5);
        report("site's NATS node frozen: the car moving again", cut, System.nanoTime());
    }

    @Test
    void aKilledHubsDriverResumesItsSeatThroughTheOtherHub() throws Exception {
        WsClient driver = drivingAt(0);
        String token = hello(driver).path("resume").asText();
        TelemetryWatcher speed = watchAtSite();
        holdJoystickUntil(driver, () -> speed.latestSpeed() > 0.5);

        long killed = System.nanoTime();
        hubs.get(0).process().destroyForcibly().waitFor();
        speed.await(t -> t.path("speed").asDouble() == 0.0);
        long stopped = System.nanoTime();

        long reconnecting = System.nanoTime();
        WsClient again = connectUntilListed(1);
        assertEquals(
                "ack",
                again.request(++ids, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":" + ids + "}")
                        .path("type")
                        .asText(),
                "the token of the first hello resumes at the other hub");
        // A state with the watchers' count (AudienceRounds, for this connection's arrival) may come
        // before the resume's own: wait for the one that has the seat back.
        JsonNode state = again.next(m -> "state".equals(m.path("type").asText())
                && CAR.equals(m.path("selected").asText())
                && "driver".equals(m.path("role").asText()));
        long seated = System.nanoTime();
        assertEquals("driver", state.path("role").asText(), "the held seat, back through the other hub");
        holdJoystickUntil(again, () -> speed.latestSpeed() > 0.5);
        report("hub killed: its driver's car stopped", killed, stopped);
        report("hub killed: reconnect to the other hub until the seat is back", reconnecting, seated);
    }

    @Test
    void aKilledSitesVehiclesAreUnreachableAtEveryHub() throws Exception {
        drivingAt(0);
        connectUntilListed(1);
        long killed = System.nanoTime();
        site.process().destroyForcibly().waitFor();
        long[] unreachable = new long[2];
        for (int i = 0; i < 2; i++) {
            // TODO(issue 24, PROTOCOL.md "Unreachable sites": "at every hub its vehicles stay listed with
            // "state":"unreachable""): once hubs push a state when a site falls silent, wait for that
            // state on the open connection instead of asking a new connection's hello.
            URI hub = hubs.get(i).uri();
            awaitTrue("vehicles of the killed site unreachable at hub " + i, () -> {
                try (WsClient fresh = WsClient.connect(ws(hub))) {
                    // Until the hub calls the site silent, a new client joins the dead site and gets
                    // the hub's own hello after 1 s, the site still listed reachable (MuteSiteIT).
                    JsonNode hello =
                            fresh.poll(m -> "hello".equals(m.path("type").asText()), Duration.ofSeconds(1));
                    return hello != null
                            && "unreachable"
                                    .equals(WsClient.vehicleIn(hello, CAR)
                                            .path("state")
                                            .asText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            unreachable[i] = System.nanoTime();
            // TODO(issue 24, PROTOCOL.md "Unreachable sites": "commands to them answer
            // vehicle_unavailable"): assert it on c once hubs answer for a silent site; today the
            // command goes to NATS and no answer comes.
        }
        report("site killed: unreachable at hub a", killed, unreachable[0]);
        report("site killed: unreachable at hub b", killed, unreachable[1]);
    }

    private void startHub(String name) throws Exception {
        hubs.add(RunningTeledrive.start(
                Files.createDirectories(work.resolve("hub-" + name)),
                "hub",
                "--nats",
                nats.urls(),
                "--port",
                Integer.toString(RunningTeledrive.freePort())));
        Set<String> known = new TreeSet<>(hubNames);
        awaitTrue("hub " + name + " connected to NATS", () -> connectedHubs().size() > known.size());
        Set<String> now = connectedHubs();
        now.removeAll(known);
        hubNames.add(now.iterator().next());
    }

    /** The NATS connection names of every hub connected to a live node now. */
    private Set<String> connectedHubs() {
        Set<String> names = new TreeSet<>();
        for (NatsServers.Node node : nats.nodes()) {
            node.clients().stream().filter(n -> n.startsWith("hub-")).forEach(names::add);
        }
        return names;
    }

    private void awaitEveryoneConnected() throws InterruptedException {
        awaitTrue(
                "the site and both hubs back on a live NATS node",
                () -> nats.nodeWith(SITE) >= 0 && hubNames.stream().allMatch(h -> nats.nodeWith(h) >= 0));
    }

    /** A client at hub {@code hub} that has claimed the simulator and drives it. */
    private WsClient drivingAt(int hub) throws Exception {
        WsClient c = connectUntilListed(hub);
        assertEquals(CAR, hello(c).path("selected").asText());
        assertEquals(
                "ack",
                c.request(++ids, "{\"command\":\"claim\",\"id\":" + ids + "}")
                        .path("type")
                        .asText());
        return c;
    }

    private TelemetryWatcher watchAtSite() throws Exception {
        var watcher = new TelemetryWatcher(site.uri());
        clients.add(watcher);
        watchers.add(watcher);
        return watcher;
    }

    /** A client at this hub once the hub lists the site's car (hubs hear a site within a second). */
    private WsClient connectUntilListed(int hub) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            WsClient c = WsClient.connect(ws(hubs.get(hub).uri()));
            JsonNode hello = c.peek(m -> "hello".equals(m.path("type").asText()));
            if ("connected".equals(WsClient.vehicleIn(hello, CAR).path("state").asText())) {
                clients.add(c);
                return c;
            }
            c.close();
            Thread.sleep(100);
        }
        throw new AssertionError("hub " + hub + " never listed " + CAR);
    }

    /** A new client at this hub that resumes with this token and is back in the driver's seat. */
    private WsClient resumeAt(int hub, String token) throws Exception {
        WsClient c = connectUntilListed(hub);
        JsonNode reply = c.request(++ids, "{\"command\":\"resume\",\"token\":\"" + token + "\",\"id\":" + ids + "}");
        assertEquals("ack", reply.path("type").asText(), "resumed: " + reply);
        c.next(m -> "state".equals(m.path("type").asText())
                && "driver".equals(m.path("role").asText()));
        return c;
    }

    /**
     * Sends a {@code drive} every 100 ms, as the page does with its joystick held, until {@code done}:
     * full ahead and full right, round the simulator's 0.5 m circle. Straight ahead, the car left the
     * centre of its 4 by 3 m arena for the wall 1.4 m away, and a loaded machine, slower to see it
     * reach its speed at each step, drove it there: pressed against the wall, acked drives left it
     * at speed 0 and the next wait for speed > 0.5 failed.
     */
    private void holdJoystickUntil(WsClient driver, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(
                    System.nanoTime() < deadline,
                    () -> "not within " + PATIENCE + "; the driver's connection "
                            + (driver.isClosed() ? "closed" : "open") + ", its last error: " + lastError(driver)
                            + whoIsWhere());
            drive(driver);
        }
    }

    private void drive(WsClient driver) throws Exception {
        driver.send("{\"command\":\"drive\",\"throttle\":1,\"steer\":1,\"id\":" + ++ids + "}");
        Thread.sleep(100);
    }

    /** Every live node's clients, and the end of each process's log, for a failure's message. */
    private String whoIsWhere() {
        var text = new StringBuilder();
        for (TelemetryWatcher w : watchers) {
            text.append("\nthe car's speed at the site: ").append(w.latestSpeed());
        }
        try { // for a failure under load nobody could reproduce alone: where the site's threads were
            Path dump = Path.of("target", "failover-site-threads-" + System.currentTimeMillis() + ".txt");
            new ProcessBuilder("jcmd", Long.toString(site.process().pid()), "Thread.print")
                    .redirectOutput(dump.toFile())
                    .start()
                    .waitFor();
            text.append("\nthe site's threads: ").append(dump.toAbsolutePath());
        } catch (IOException e) {
            text.append("\nno thread dump of the site: ").append(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < nats.nodes().size(); i++) {
            text.append("\nnode n")
                    .append(i + 1)
                    .append(": ")
                    .append(nats.nodes().get(i).clients());
        }
        for (String part : List.of("site", "hub-a", "hub-b")) {
            try {
                List<String> log = Files.readAllLines(work.resolve(part).resolve("stderr.log"));
                text.append("\n--- ")
                        .append(part)
                        .append(":\n")
                        .append(String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
            } catch (java.io.IOException e) {
                text.append("\n--- ").append(part).append(": no log");
            }
        }
        return text.toString();
    }

    private static JsonNode hello(WsClient c) throws InterruptedException {
        return c.peek(m -> "hello".equals(m.path("type").asText()));
    }

    /** The newest error the client was sent, or {@code null}. */
    private static JsonNode lastError(WsClient c) {
        JsonNode last = null;
        try {
            for (JsonNode e; (e = c.poll(m -> "error".equals(m.path("type").asText()), Duration.ZERO)) != null; ) {
                last = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    /** Whether an ack has come for a message numbered {@code first} or later. */
    private static boolean repliedFrom(WsClient c, int first) {
        try {
            return c.poll(
                            m -> "ack".equals(m.path("type").asText())
                                    && m.path("id").asInt() >= first,
                            Duration.ZERO)
                    != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static URI ws(URI page) {
        return URI.create(page.toString().replaceFirst("^http", "ws") + "ws");
    }

    private static void report(String what, long from, long to) {
        System.out.printf("failover: %s after %d ms%n", what, (to - from) / 1_000_000);
    }
}
