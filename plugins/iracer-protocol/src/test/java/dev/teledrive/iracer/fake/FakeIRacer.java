package dev.teledrive.iracer.fake;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the car on {@code tcp://127.0.0.1:PORT}: it records every command byte it gets,
 * as a Wi-Fi serial bridge to a real i-Racer would pass them on, and can drop the link on demand.
 */
public final class FakeIRacer implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Socket current;

    public FakeIRacer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-iracer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The URL to configure: {@code tcp://127.0.0.1:PORT}. */
    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** The next byte the car received, waiting up to 5 s; fails when none came. */
    public int nextByte() throws InterruptedException {
        Integer b = bytes.poll(5, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("the car received nothing within 5 s");
        }
        arrivals.poll();
        return b;
    }

    /** The next byte together with when it arrived (System.nanoTime), for measurements. */
    public long[] nextByteAndTime() throws InterruptedException {
        Integer b = bytes.poll(5, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("the car received nothing within 5 s");
        }
        Long t = arrivals.poll(5, TimeUnit.SECONDS);
        return new long[] {b, t == null ? System.nanoTime() : t};
    }

    /** Skips bytes until this one arrives; fails when it does not within 5 s of the last byte. */
    public void awaitByte(int wanted) throws InterruptedException {
        while (nextByte() != wanted) {
            // keep-alives and earlier commands
        }
    }

    /** How many times a link was opened. */
    public int connections() {
        return connections.get();
    }

    /** Drops the current link, as a car that went out of range. */
    public void dropLink() throws IOException {
        Socket s = current;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropLink();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                current = s;
                connections.incrementAndGet();
                Thread reader = new Thread(() -> read(s), "fake-iracer-link");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (InputStream in = s.getInputStream()) {
            for (int b; (b = in.read()) != -1; ) {
                arrivals.add(System.nanoTime());
                bytes.add(b);
            }
        } catch (IOException e) {
            // the link was dropped
        }
    }
}
