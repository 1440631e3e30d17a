package dev.teledrive.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real {@code nats-server} processes (Debian's, {@code /usr/sbin/nats-server}, which {@code .ci/run}
 * installs) on free loopback ports: one node, or a three-node cluster whose routes are all up before
 * {@link #start} returns. Each node reads a configuration file of its own, written into the test's
 * folder with the port lines first and the test's own text after them (which may {@code include} a
 * file copied beside it). Each node also serves NATS's own monitoring on a port of its own, so a
 * test asks the node, as an operator would, who is connected to it ({@link Node#clients}).
 * {@link #close} ends every node and waits for it; {@link #kill} ends one as a crash would.
 */
public final class NatsServers implements AutoCloseable {

    private static final String BINARY = "/usr/sbin/nats-server";
    private static final long READY_SECONDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node: its process, client and monitoring ports, and log. */
    public static final class Node {
        private final Process process;
        private final int port;
        private final int monitorPort;
        private final List<String> log = new ArrayList<>();
        private volatile boolean frozen;

        private Node(Process process, int port, int monitorPort) {
            this.process = process;
            this.port = port;
            this.monitorPort = monitorPort;
        }

        /** The URL a client dials. */
        public String url() {
            return "nats://127.0.0.1:" + port;
        }

        public boolean alive() {
            return process.isAlive();
        }

        /**
         * The names of the clients connected to this node now (a site's is {@code site NAME}, a
         * hub's its own name), from the node's {@code /connz}; none when the node is dead or frozen
         * (a frozen node serves no one, and its monitor would keep the question unanswered for 5 s).
         */
        public List<String> clients() {
            if (!alive() || frozen) {
                return List.of();
            }
            try {
                var response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + monitorPort + "/connz?limit=1024"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                List<String> names = new ArrayList<>();
                for (JsonNode c : JSON.readTree(response.body()).path("connections")) {
                    names.add(c.path("name").asText(""));
                }
                return names;
            } catch (IOException e) {
                return List.of(); // it went while asked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }

        /** Its process id, to pause it as a stalled link would ({@code kill -STOP}). */
        public long pid() {
            return process.pid();
        }

        /** What the node has logged so far, for a failure's message. */
        public String log() {
            synchronized (log) {
                return String.join("\n", log);
            }
        }
    }

    private final List<Node> nodes;
    /**
     * Kills the nodes when the test JVM exits without {@link #close} (a build stopped with Ctrl-C, a
     * fork ended by its Maven): a nats-server must not outlive its tests. SIGKILL, as a frozen node
     * would not hear a SIGTERM.
     */
    private final Thread killOnExit;

    private NatsServers(List<Node> nodes) {
        this.nodes = nodes;
        this.killOnExit = new Thread(() -> nodes.forEach(n -> n.process.destroyForcibly()), "nats-servers-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** One node with this configuration text (authorization, includes), and no cluster. */
    public static NatsServers single(Path dir, String config, Map<String, String> env) throws Exception {
        return start(dir, 1, config, env, "");
    }

    /** Three clustered nodes sharing this configuration text, each routed to the two others. */
    public static NatsServers cluster(Path dir, String config, Map<String, String> env) throws Exception {
        return start(dir, 3, config, env, "");
    }

    /**
     * As {@link #cluster}, but the nodes do not tell their clients of each other ({@code no_advertise}):
     * a client given one node's URL stays with that node, so freezing it cuts the client off, as a
     * network partition would, rather than sending it to another node it learned of.
     */
    public static NatsServers unadvertisedCluster(Path dir, String config, Map<String, String> env) throws Exception {
        return start(dir, 3, config, env, "  no_advertise: true\n");
    }

    /**
     * Starts the nodes on free ports, and again on other ones if a port was taken between the probe
     * that found it free and the node's bind (another test's server or a client's ephemeral port).
     */
    private static NatsServers start(Path dir, int size, String config, Map<String, String> env, String clusterLines)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, size, config, env, clusterLines);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    private static final int PORT_ATTEMPTS = 3;

    /** A node could not bind a port found free a moment before. */
    private static final class PortTaken extends Exception {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    /** @param clusterLines more lines for each node's {@code cluster} block */
    private static NatsServers startOnce(
            Path dir, int size, String config, Map<String, String> env, String clusterLines) throws Exception {
        int[] clientPorts = new int[size];
        int[] routePorts = new int[size];
        int[] monitorPorts = new int[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            routePorts[i] = freePort();
            monitorPorts[i] = freePort();
        }
        List<Node> started = new ArrayList<>();
        var servers = new NatsServers(started);
        try {
            List<CountDownLatch> ready = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                StringBuilder text = new StringBuilder()
                        .append("server_name: n")
                        .append(i + 1)
                        .append("\nlisten: 127.0.0.1:")
                        .append(clientPorts[i])
                        .append("\nhttp: 127.0.0.1:")
                        .append(monitorPorts[i])
                        .append('\n');
                if (size > 1) {
                    int me = i;
                    text.append("cluster {\n  name: teledrive\n  listen: 127.0.0.1:")
                            .append(routePorts[i])
                            .append("\n  routes: [")
                            .append(java.util.stream.IntStream.range(0, size)
                                    .filter(j -> j != me)
                                    .mapToObj(j -> "nats-route://127.0.0.1:" + routePorts[j])
                                    .collect(Collectors.joining(", ")))
                            .append("]\n")
                            .append(clusterLines)
                            .append("}\n");
                }
                text.append(config).append('\n');
                Path file = dir.resolve("nats-n" + (i + 1) + ".conf");
                Files.writeString(file, text);
                var builder = new ProcessBuilder(BINARY, "-c", file.toString()).redirectErrorStream(true);
                builder.environment().putAll(env);
                Node node = new Node(builder.start(), clientPorts[i], monitorPorts[i]);
                started.add(node);
                // ready once it listens for clients and, in a cluster, has its routes to both others
                var latch = new CountDownLatch(size);
                ready.add(latch);
                var logReader = new Thread(() -> pump(node, latch), "nats-n" + (i + 1) + "-log");
                logReader.setDaemon(true);
                logReader.start();
            }
            for (int i = 0; i < size; i++) {
                if (!awaitReady(ready.get(i), started.get(i))) {
                    String log = started.get(i).log();
                    String message = "nats-server n" + (i + 1) + " did not get ready:\n" + log;
                    if (log.contains("address already in use")) {
                        throw new PortTaken(message);
                    }
                    throw new IllegalStateException(message);
                }
            }
            return servers;
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
    }

    /** Whether the node got ready within {@code READY_SECONDS}; a node that exited is not waited for. */
    private static boolean awaitReady(CountDownLatch ready, Node node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!node.process.isAlive() || System.nanoTime() > deadline) {
                return ready.await(200, TimeUnit.MILLISECONDS); // its last lines are read
            }
        }
        return true;
    }

    private static void pump(Node node, CountDownLatch ready) {
        try (var in =
                new BufferedReader(new InputStreamReader(node.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (node.log) {
                    node.log.add(line);
                }
                if (line.contains("Server is ready") || line.contains("Route connection created")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The index of the live node a client of this name is connected to now, or -1. */
    public int nodeWith(String client) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).clients().contains(client)) {
                return i;
            }
        }
        return -1;
    }

    /** Every node's URL, comma-separated, as {@code --nats} takes them. */
    public String urls() {
        return nodes.stream().map(Node::url).collect(Collectors.joining(","));
    }

    /** Ends one node at once, as a crash would (SIGKILL), and waits for it. */
    public void kill(int index) throws InterruptedException {
        Node node = nodes.get(index);
        node.process.destroyForcibly();
        node.process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Freezes one node (SIGSTOP): its connections stay open but nothing flows, as when a network
     * partition or a hung machine cuts a node off without a word; {@link #thaw} lets it go on.
     */
    public void freeze(int index) throws IOException, InterruptedException {
        signal(index, "-STOP");
        nodes.get(index).frozen = true;
    }

    /** Lets a frozen node go on (SIGCONT). */
    public void thaw(int index) throws IOException, InterruptedException {
        nodes.get(index).frozen = false;
        signal(index, "-CONT");
    }

    private void signal(int index, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder(
                        "kill", signal, Long.toString(nodes.get(index).process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " failed for node n" + (index + 1));
        }
    }

    /** Ends every node (SIGTERM, then SIGKILL after 5 s) and waits for each. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook kills the nodes
        }
        for (int i = 0; i < nodes.size(); i++) {
            try {
                if (nodes.get(i).alive()) {
                    thaw(i); // a frozen node would not hear the SIGTERM
                }
            } catch (IOException e) {
                // it ended meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nodes.get(i).process.destroy();
        }
        for (Node node : nodes) {
            try {
                if (!node.process.waitFor(5, TimeUnit.SECONDS)) {
                    node.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
