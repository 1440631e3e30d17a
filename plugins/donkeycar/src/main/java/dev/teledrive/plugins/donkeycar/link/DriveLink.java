package dev.teledrive.plugins.donkeycar.link;

import dev.teledrive.api.ConnectionState;
import dev.teledrive.plugins.donkeycar.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The WebSocket to one car's web controller and the thread that writes to it. Donkeycar keeps the
 * last angle and throttle it got until the next message, even when the connection drops, so only
 * the newest message matters: messages go through a latest-wins slot, a stop replaces whatever was
 * waiting, and a slow network never blocks the vehicle's thread. Every connection, first or
 * renewed, starts with a stop. A link that drops, or a car that stops answering pings, is
 * reconnected with growing pauses.
 */
public final class DriveLink implements AutoCloseable {

    /**
     * How long closing waits for the writer, and for each of the last stop and the close frame: the
     * host gives a vehicle's close 2 s in all.
     */
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

    private final String name;
    private final URI uri;
    private final Backoff backoff;
    private final Duration pingEvery;
    private final BiConsumer<ConnectionState, String> onState;
    private final Consumer<CharSequence> onText;
    private final Logger log;
    private final CarConnector connector;

    // Guarded by this.
    private WebSocket socket;
    private DriveMessage pending;
    private boolean recording;
    private boolean connected;
    private boolean closed;
    private String dropped; // why the socket ended, told by its listener; the writer reconnects
    private String lastFailure;
    private Thread writer;
    private long lastHeard; // System.nanoTime() of the last frame from the car
    private long lastPing;

    /**
     * A link, not yet connected.
     *
     * @param name      for the thread and the log, such as {@code donkeycar-a}
     * @param uri       the web controller's WebSocket
     * @param timeout   how long connecting or one send may take
     * @param backoff   the pauses between reconnection attempts
     * @param pingEvery how often to ping the car; three times that without a word from it counts as
     *                  a dropped link, since a car that vanished from the Wi-Fi closes nothing
     * @param onState   told of drops and reconnections, from the link's thread
     * @param onText    told of each text message from the car, from the WebSocket's thread
     * @param log       the vehicle's logger
     */
    public DriveLink(
            String name,
            URI uri,
            Duration timeout,
            Backoff backoff,
            Duration pingEvery,
            BiConsumer<ConnectionState, String> onState,
            Consumer<CharSequence> onText,
            Logger log) {
        this.name = name;
        this.uri = uri;
        this.backoff = backoff;
        this.pingEvery = pingEvery;
        this.onState = onState;
        this.onText = onText;
        this.log = log;
        this.connector = new CarConnector(uri, timeout);
    }

    /**
     * Connects now, on the caller's thread, sends a stop and starts the writer. Returns at once when
     * already connected.
     *
     * @throws IOException with the user's next step when the car cannot be reached, or while the
     *                     link reconnects by itself
     */
    public void connect() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the link to " + name + " is closed");
            }
            if (writer != null) {
                if (connected) {
                    return;
                }
                throw new IOException("reconnecting to the car by itself (last failure: " + lastFailure + ")");
            }
        }
        WebSocket opened = openWithStop(DriveMessage.stop(false));
        synchronized (this) {
            if (closed) {
                opened.abort();
                throw new IOException("the link to " + name + " is closed");
            }
            socket = opened;
            connected = true;
            lastHeard = System.nanoTime();
            lastPing = lastHeard;
            writer = new Thread(this::writeLoop, name + "-link");
            writer.setDaemon(true);
            writer.start();
        }
        log.info("{}: connected to {}, stop sent", name, uri);
    }

    /**
     * Hands a message to the writer; returns at once.
     *
     * @throws IOException when the link is down, so the driver hears of it instead of driving blind
     */
    public synchronized void send(DriveMessage message) throws IOException {
        if (!connected) {
            throw new IOException("the link to the Donkeycar is down (" + lastFailure + "); reconnecting");
        }
        pending = message;
        recording = message.recording();
        notifyAll();
    }

    /**
     * Stops the car: replaces anything waiting. Works in every state: while the link is down the
     * reconnection sends a stop first anyway.
     */
    public synchronized void stop() {
        pending = DriveMessage.stop(recording);
        notifyAll();
    }

    /** Whether the link is up now. */
    public synchronized boolean connected() {
        return connected;
    }

    /** Sends a last stop if it can, closes the WebSocket and ends the writer. */
    @Override
    public void close() {
        WebSocket toClose;
        Thread toJoin;
        synchronized (this) {
            closed = true;
            toClose = socket;
            socket = null;
            toJoin = writer;
            notifyAll();
        }
        if (toJoin != null) {
            try {
                toJoin.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (toClose != null) {
            try {
                connector.closeWithStop(toClose, CLOSE_WAIT);
            } catch (IOException e) {
                log.debug("{}: last stop not delivered: {}", name, e.getMessage());
            }
        }
    }

    private void writeLoop() {
        while (true) {
            DriveMessage message;
            WebSocket target;
            String drop;
            boolean ping = false;
            synchronized (this) {
                if (pending == null && dropped == null && !closed) {
                    try {
                        wait(pingEvery.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                drop = dropped;
                if (drop == null && now - lastHeard > pingEvery.toNanos() * 3) {
                    drop = "the car did not answer for " + Backoff.seconds(pingEvery.multipliedBy(3));
                }
                message = pending;
                pending = null;
                // Due pings go out while driving too: the car says nothing back to drive messages.
                if (now - lastPing >= pingEvery.toNanos()) {
                    ping = true;
                    lastPing = now;
                }
                target = socket;
            }
            try {
                if (drop != null) {
                    throw new IOException(drop);
                }
                if (message != null) {
                    connector.send(target, message);
                }
                if (ping) {
                    connector.ping(target);
                }
            } catch (IOException e) {
                if (!reconnect(e.getMessage())) {
                    return;
                }
            }
        }
    }

    /** Reconnects with backoff until it works or the link is closed; says whether it worked. */
    private boolean reconnect(String cause) {
        WebSocket old;
        boolean keepRecording;
        synchronized (this) {
            if (closed) {
                return false;
            }
            connected = false;
            lastFailure = cause;
            old = socket;
            socket = null;
            dropped = null;
            pending = null; // whatever the driver sent before the drop is stale now
            keepRecording = recording;
        }
        old.abort();
        log.warn("{}: the link to the car dropped ({}); reconnecting", name, cause);
        onState.accept(ConnectionState.CONNECTING, "the link to the car dropped (" + cause + "); reconnecting");
        Duration pause = backoff.first();
        while (true) {
            try {
                WebSocket opened = openWithStop(DriveMessage.stop(keepRecording));
                synchronized (this) {
                    if (closed) {
                        opened.abort();
                        return false;
                    }
                    socket = opened;
                    connected = true;
                    lastHeard = System.nanoTime();
                    lastPing = lastHeard;
                }
                log.info("{}: reconnected, stop sent", name);
                onState.accept(ConnectionState.CONNECTED, null);
                return true;
            } catch (IOException e) {
                synchronized (this) {
                    lastFailure = e.getMessage();
                }
                onState.accept(ConnectionState.CONNECTING, e.getMessage() + "; retrying in " + Backoff.seconds(pause));
            }
            synchronized (this) {
                long until = System.nanoTime() + pause.toNanos();
                while (!closed) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                if (closed) {
                    return false;
                }
            }
            pause = backoff.next(pause);
        }
    }

    /** Notes that the car is alive, on the current socket only. */
    private synchronized void heard(WebSocket ws) {
        if (ws == socket) {
            lastHeard = System.nanoTime();
        }
    }

    /** The current socket ended: the writer reconnects. */
    private synchronized void ended(WebSocket ws, String why) {
        if (ws == socket && dropped == null) {
            dropped = why;
            notifyAll();
        }
    }

    private WebSocket openWithStop(DriveMessage stop) throws IOException {
        return connector.openWithStop(new CarListener(onText, this::heard, this::ended), stop);
    }
}
