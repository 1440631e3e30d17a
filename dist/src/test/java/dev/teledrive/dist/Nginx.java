package dev.teledrive.dist;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx as a child process, running the shipped site file's proxy settings: the file's
 * {@code map} and {@code location /} blocks, unchanged but for the upstream port, inside a server
 * on a free loopback port with its pid, logs and temporary files in a folder of its own.
 */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts nginx in front of {@code upstreamPort} with the site file at {@code site}. */
    static Nginx start(Path site, int upstreamPort, Path dir) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("nginx is missing at " + BINARY + ": apt-get install nginx (.ci/run does)");
        }
        String shipped = Files.readString(site);
        String map = block(shipped, "map \\$http_upgrade \\$connection_upgrade \\{");
        String location = block(shipped, "location / \\{")
                .replace("proxy_pass http://127.0.0.1:8000;", "proxy_pass http://127.0.0.1:" + upstreamPort + ";");
        if (!location.contains(":" + upstreamPort)) {
            throw new IllegalStateException("the site file no longer proxies to 127.0.0.1:8000: " + location);
        }
        int port = RunningTeledrive.freePort();
        Files.createDirectories(dir.resolve("logs"));
        String conf = String.join(
                "\n",
                "daemon off;",
                "worker_processes 1;",
                "user root;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("logs/error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  " + map,
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    server_name car.example.org;",
                "    " + location,
                "  }",
                "}",
                "");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("logs/error.log").toString(),
                        "-c",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .start();
        var nginx = new Nginx(process, port);
        nginx.awaitListening(dir);
        return nginx;
    }

    int port() {
        return port;
    }

    /** A block of the site file, from its opening line to its closing brace. */
    private static String block(String text, String opening) {
        Matcher m = Pattern.compile(opening).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("the site file has no block " + opening);
        }
        int depth = 0;
        for (int i = m.start(); i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return text.substring(m.start(), i + 1);
            }
        }
        throw new IllegalStateException("the block " + opening + " is not closed");
    }

    private void awaitListening(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx ended: " + logs(dir));
            }
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen within 20 s: " + logs(dir));
    }

    private static String logs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("logs/stdout.log", "logs/error.log")) {
            Path log = dir.resolve(name);
            if (Files.exists(log)) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
