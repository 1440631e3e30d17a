package dev.teledrive.server.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * file copied beside it). {@link #close} ends every node and waits for it; {@link #kill} ends one as
 * a crash would.
 */
public final class NatsServers implements AutoCloseable {

    private static final String BINARY = "/usr/sbin/nats-server";
    private static final long READY_SECONDS = 15;

    /** One node: its process, client port and log. */
    public static final class Node {
        private final Process process;
        private final int port;
        private final List<String> log = new ArrayList<>();

        private Node(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        /** The URL a client dials. */
        public String url() {
            return "nats://127.0.0.1:" + port;
        }

        public boolean alive() {
            return process.isAlive();
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

    private NatsServers(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** One node with this configuration text (authorization, includes), and no cluster. */
    public static NatsServers single(Path dir, String config, Map<String, String> env) throws Exception {
        return start(dir, 1, config, env);
    }

    /** Three clustered nodes sharing this configuration text, each routed to the two others. */
    public static NatsServers cluster(Path dir, String config, Map<String, String> env) throws Exception {
        return start(dir, 3, config, env);
    }

    private static NatsServers start(Path dir, int size, String config, Map<String, String> env) throws Exception {
        int[] clientPorts = new int[size];
        int[] routePorts = new int[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            routePorts[i] = freePort();
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
                            .append("]\n}\n");
                }
                text.append(config).append('\n');
                Path file = dir.resolve("nats-n" + (i + 1) + ".conf");
                Files.writeString(file, text);
                var builder = new ProcessBuilder(BINARY, "-c", file.toString()).redirectErrorStream(true);
                builder.environment().putAll(env);
                Node node = new Node(builder.start(), clientPorts[i]);
                started.add(node);
                // ready once it listens for clients and, in a cluster, has its routes to both others
                var latch = new CountDownLatch(size);
                ready.add(latch);
                var logReader = new Thread(() -> pump(node, latch), "nats-n" + (i + 1) + "-log");
                logReader.setDaemon(true);
                logReader.start();
            }
            for (int i = 0; i < size; i++) {
                if (!ready.get(i).await(READY_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("nats-server n" + (i + 1) + " did not get ready:\n"
                            + started.get(i).log());
                }
            }
            return servers;
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
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

    /** Ends every node (SIGTERM, then SIGKILL after 5 s) and waits for each. */
    @Override
    public void close() {
        for (Node node : nodes) {
            node.process.destroy();
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
