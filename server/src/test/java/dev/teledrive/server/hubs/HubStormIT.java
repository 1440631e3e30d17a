package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.RecordingVehicle;
import dev.teledrive.server.support.TestServer;
import dev.teledrive.server.support.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's randomized seat test ({@code control.FleetStormTest}) across one site and two hubs on
 * a real nats-server (issue 24, "Done when"): clients at both hubs, each on a thread of its own,
 * claim, release, skip (two of them with the admin token), select, drive, drop their connection and
 * come back through either hub with {@code resume}, while short turns and idle limits hand the seat
 * on. Every command a client sends to the recording vehicle carries its number ({@code raw} with
 * {@code data}), so the vehicle's record shows who drove it: two clients' commands with no stop
 * between them would mean two drivers at once, or a hand-over without a stop. Once the storm is over,
 * everyone still waiting must drive in turn.
 *
 * <p>Seeded: {@code -Dstorm.seed=N} replays a run; the seed is printed, and named in every failure.
 */
class HubStormIT {

    private static final int CLIENTS = 10;
    private static final int ADMINS = 2;
    private static final int STEPS = 300;
    private static final String RECORDER = "recorder@home";

    @TempDir
    Path tmp;

    private NatsServers nats;
    private TestServer site;
    private final List<Teledrive> hubs = new ArrayList<>();
    private final long seed = Long.getLong("storm.seed", System.nanoTime());

    @BeforeEach
    void start() throws Exception {
        System.out.println("HubStormIT seed " + seed + " (replay with -Dstorm.seed=" + seed + ")");
        nats = NatsServers.single(Files.createDirectories(tmp.resolve("nats")), "", Map.of());
        site = TestServer.start(
                tmp,
                c -> c.with("site.name", "home")
                        .with("nats.url", nats.urls())
                        .with("adminToken", "boss")
                        .with("driverToken", "crowd")
                        .with("turns.seconds", "1")
                        .with("turns.idleSeconds", "1")
                        .with("turns.graceSeconds", "2")
                        .with("turns.placesPerAddress", "0") // every client comes from 127.0.0.1
                        .with("limits.messagesPerSecond", "0")
                        .with("limits.connections", "0")
                        .with("limits.connectionsPerAddress", "0"));
        for (int i = 0; i < 2; i++) {
            hubs.add(Teledrive.builder(new MapConfiguration(Map.of("port", "0", "nats.url", nats.urls())))
                    .hub()
                    .start());
        }
    }

    @AfterEach
    void stop() {
        hubs.forEach(Teledrive::close);
        if (site != null) {
            site.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    /** One client: its connection now (a new one after each drop), and every role it was told. */
    private final class Client {
        final int number;
        final boolean admin;
        final Random random;
        WsClient ws;
        String token;
        boolean left;
        final List<String> roles = new ArrayList<>();

        Client(int number) {
            this.number = number;
            this.admin = number < ADMINS;
            this.random = new Random(seed + number);
        }

        /** Connects at a random hub and authenticates; the first time it starts there, later it resumes. */
        void connect(boolean resume) throws Exception {
            ws = WsClient.connect(ws(hubs.get(random.nextInt(hubs.size()))));
            String previous = token;
            token = ws.next("hello").path("resume").asText();
            String reply = ws.request(
                            "auth",
                            "{\"command\":\"auth\",\"token\":\"" + (admin ? "boss" : "crowd") + "\",\"id\":\"auth\"}")
                    .path("type")
                    .asText();
            assertEquals("ack", reply, "seed " + seed + ": client " + number + " authenticates");
            if (resume) {
                ws.send("{\"command\":\"resume\",\"token\":\"" + previous + "\"}");
            }
        }

        void storm() throws Exception {
            connect(false);
            for (int step = 0; step < STEPS; step++) {
                int op = random.nextInt(100);
                if (op < 12) {
                    ws.send("{\"command\":\"claim\"}");
                } else if (op < 16) {
                    ws.send("{\"command\":\"release\"}");
                } else if (op < 18) {
                    ws.send("{\"command\":\"skip\"}");
                } else if (op < 22) {
                    String vehicle = random.nextInt(4) == 0 ? "simulator@home" : RECORDER;
                    ws.send("{\"command\":\"select\",\"vehicle\":\"" + vehicle + "\"}");
                } else if (op < 99) {
                    ws.send("{\"command\":\"raw\",\"data\":" + number + ",\"duration\":2}");
                } else {
                    takeRoles();
                    ws.close(); // dropped: its car stops, its place is held for the grace
                    if (random.nextInt(4) == 0) {
                        left = true; // and never comes back
                        return;
                    }
                    Thread.sleep(random.nextInt(1500));
                    connect(true);
                }
                Thread.sleep(random.nextInt(25));
            }
        }

        /** Moves every role told so far into {@link #roles}; returns the last one, or null. */
        String takeRoles() throws InterruptedException {
            String last = null;
            JsonNode m;
            while ((m = ws.poll(x -> true, Duration.ZERO)) != null) {
                String type = m.path("type").asText();
                if (("state".equals(type) || "hello".equals(type)) && m.hasNonNull("role")) {
                    last = m.path("role").asText();
                    if (RECORDER.equals(m.path("selected").asText())) {
                        roles.add(last);
                    }
                }
            }
            return last;
        }
    }

    @Test
    void aStormAcrossTwoHubsKeepsOneDriverAStopAtEveryHandOverAndEveryoneWaitingDrives() throws Exception {
        Greeting.awaitListed(hubs, RECORDER);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new Client(i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> storm = new ArrayList<>();
        for (Client c : clients) {
            storm.add(threads.submit(() -> {
                c.storm();
                return null;
            }));
        }
        for (Future<?> f : storm) {
            f.get(2, TimeUnit.MINUTES);
        }
        threads.shutdown();

        // The storm is over: everyone still here gets in line for the recorder, and a few of them
        // leave without a word. Everyone else must drive in turn: idle drivers give way after a
        // second, and the places held for those who left run out after two.
        Random end = new Random(seed);
        List<Client> waiting = new ArrayList<>();
        for (Client c : clients) {
            if (c.left) {
                continue;
            }
            c.takeRoles();
            c.roles.clear();
            c.ws.send("{\"command\":\"select\",\"vehicle\":\"" + RECORDER + "\"}");
            c.ws.request("line", "{\"command\":\"claim\",\"id\":\"line\"}");
            if (end.nextInt(4) == 0) {
                c.ws.close();
                c.left = true;
            } else {
                waiting.add(c);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15L + 3L * CLIENTS);
        for (Client c : waiting) {
            while (!c.roles.contains("driver")) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "seed " + seed + ": client " + c.number + " waited and never drove; roles " + c.roles);
                Thread.sleep(100);
                c.takeRoles();
            }
        }
        for (Client c : clients) {
            if (c.ws != null) {
                c.ws.close();
            }
        }
        // Everyone gone: the held places run out and nobody is left in line.
        long emptied = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (queueAtSite() > 0 && System.nanoTime() < emptied) {
            Thread.sleep(100);
        }
        assertEquals(0, queueAtSite(), "seed " + seed + ": the line empties once everyone left");

        int commands = assertOneDriverAtATime(site.recorder(), seed);
        assertTrue(commands > 0, "seed " + seed + ": the storm drove the recorder");
        System.out.printf(
                "HubStormIT seed %d: %d commands reached the recorder; at the end %d client(s) got in line and drove%n",
                seed, commands, waiting.size());
    }

    /** The recorder's queue as the site announces it, read through a fresh client at the site. */
    private int queueAtSite() throws Exception {
        try (WsClient c = site.connect()) {
            c.next("hello");
            c.request("a", "{\"command\":\"auth\",\"token\":\"boss\",\"id\":\"a\"}");
            JsonNode state = c.next("state");
            return WsClient.vehicleIn(state, RecordingVehicle.ID).path("queue").asInt();
        }
    }

    /** Between the commands of two different clients the vehicle always stopped; returns the commands. */
    private static int assertOneDriverAtATime(RecordingVehicle vehicle, long seed) {
        List<String> events = vehicle.drain();
        String driving = null;
        int commands = 0;
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            if (e.equals("stop")) {
                driving = null;
            } else if (e.startsWith("raw:")) {
                commands++;
                if (driving != null && !driving.equals(e)) {
                    throw new AssertionError("seed " + seed + ": " + driving + " then " + e
                            + " with no stop between, at event " + i + " of "
                            + events.subList(Math.max(0, i - 8), i + 1));
                }
                driving = e;
            }
        }
        return commands;
    }

    private static URI ws(Teledrive server) {
        return URI.create(server.uri().toString().replaceFirst("^http", "ws") + "ws");
    }

    /** Waits until both hubs list a vehicle, as they do within a second of the site's first heartbeat. */
    private static final class Greeting {
        static void awaitListed(List<Teledrive> hubs, String vehicle) throws Exception {
            for (Teledrive hub : hubs) {
                boolean listed = false;
                for (int i = 0; i < 100 && !listed; i++) {
                    try (WsClient c = WsClient.connect(ws(hub))) {
                        c.next("hello"); // lists nothing before auth
                        c.request("a", "{\"command\":\"auth\",\"token\":\"crowd\",\"id\":\"a\"}");
                        JsonNode state =
                                c.poll(m -> "state".equals(m.path("type").asText()), Duration.ofSeconds(1));
                        listed = state != null
                                && WsClient.vehicleIn(state, vehicle).isObject();
                    }
                    if (!listed) {
                        Thread.sleep(100);
                    }
                }
                assertTrue(listed, "hub never listed " + vehicle);
            }
        }
    }
}
