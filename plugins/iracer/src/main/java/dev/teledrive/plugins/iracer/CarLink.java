package dev.teledrive.plugins.iracer;

import dev.teledrive.api.ConnectionState;
import dev.teledrive.iracer.protocol.IRacerCommand;
import dev.teledrive.plugins.iracer.link.Link;
import dev.teledrive.plugins.iracer.link.LinkOpener;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The link to one car and the thread that writes to it. The car only cares about the last byte
 * it got, so commands go through a latest-wins slot: a stop replaces whatever was waiting and is
 * never queued behind other writes, and a slow radio never blocks the vehicle's thread. When a
 * write fails the thread reconnects with backoff and sends a stop first thing.
 */
final class CarLink implements AutoCloseable {

    private static final int NOTHING = -1;
    private static final int STOP = IRacerCommand.STOP.encode();

    private final String name;
    private final LinkOpener opener;
    private final Duration keepAlive;
    private final Duration maxBackoff;
    private final BiConsumer<ConnectionState, String> onState;
    private final Logger log;

    // Guarded by this.
    private Link link;
    private int pending = NOTHING;
    private int current = STOP;
    private boolean connected;
    private boolean closed;
    private String lastFailure;
    private Thread writer;

    /**
     * @param name       for the thread and the log, such as {@code iracer-red}
     * @param opener     opens the link, again on every reconnection
     * @param keepAlive  how often to repeat the current byte for firmwares that time out; zero: never
     * @param maxBackoff the longest pause between reconnection attempts
     * @param onState    told of drops and reconnections
     */
    CarLink(
            String name,
            LinkOpener opener,
            Duration keepAlive,
            Duration maxBackoff,
            BiConsumer<ConnectionState, String> onState,
            Logger log) {
        this.name = name;
        this.opener = opener;
        this.keepAlive = keepAlive;
        this.maxBackoff = maxBackoff;
        this.onState = onState;
        this.log = log;
    }

    /**
     * Connects now, on the caller's thread, sends a stop and starts the writer.
     *
     * @throws IOException with the user's next step when the car cannot be reached
     */
    void connect() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the link to " + name + " is closed");
            }
            if (writer != null) {
                if (connected) {
                    return;
                }
                throw new IOException("reconnecting to the car on its own (last failure: " + lastFailure + ")");
            }
        }
        Link opened = opener.open();
        try {
            opened.write(STOP); // the car may still hold a command from before
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        synchronized (this) {
            link = opened;
            connected = true;
            current = STOP;
            writer = new Thread(this::writeLoop, name + "-link");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Hands a command byte to the writer; returns at once.
     *
     * @throws IOException when the link is down, so the driver hears of it instead of driving blind
     */
    synchronized void send(int b) throws IOException {
        if (!connected) {
            throw new IOException("the link to the car is down (" + lastFailure + "); reconnecting");
        }
        pending = b;
        notifyAll();
    }

    /** Stops the car: replaces anything waiting; after a reconnection a stop goes first anyway. */
    synchronized void stop() {
        pending = STOP;
        notifyAll();
    }

    synchronized boolean connected() {
        return connected;
    }

    /** Sends a last stop if it can, closes the link and ends the writer. */
    @Override
    public void close() {
        Link toClose;
        Thread toJoin;
        synchronized (this) {
            closed = true;
            toClose = link;
            link = null;
            toJoin = writer;
            notifyAll();
        }
        if (toJoin != null) {
            toJoin.interrupt();
            try {
                toJoin.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (toClose != null) {
            try {
                toClose.write(STOP);
            } catch (IOException e) {
                log.debug("{}: last stop not delivered: {}", name, e.getMessage());
            }
            toClose.close();
        }
    }

    private void writeLoop() {
        while (true) {
            int b;
            Link target;
            synchronized (this) {
                if (pending == NOTHING && !closed) {
                    try {
                        wait(keepAlive.isZero() ? 0 : keepAlive.toMillis());
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
                if (closed) {
                    return;
                }
                if (pending != NOTHING) {
                    b = pending;
                    pending = NOTHING;
                } else if (!keepAlive.isZero()) {
                    b = current; // keep-alive: repeat what the car is doing
                } else {
                    continue;
                }
                target = link;
            }
            try {
                target.write(b);
                synchronized (this) {
                    current = b;
                }
            } catch (IOException e) {
                if (!reconnect(e)) {
                    return;
                }
            }
        }
    }

    /** Reconnects with backoff until it works or the link is closed; says whether it worked. */
    private boolean reconnect(IOException cause) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            connected = false;
            lastFailure = cause.getMessage();
            link.close();
            link = null;
            pending = NOTHING; // whatever the driver sent before the drop is stale now
        }
        log.warn("{}: the link dropped ({}); reconnecting", name, cause.getMessage());
        onState.accept(ConnectionState.CONNECTING, "the link dropped (" + cause.getMessage() + "); reconnecting");
        long pause = 250;
        while (true) {
            synchronized (this) {
                if (closed) {
                    return false;
                }
            }
            try {
                Link opened = opener.open();
                opened.write(STOP); // first thing: the car may have kept the last command
                synchronized (this) {
                    if (closed) {
                        opened.close();
                        return false;
                    }
                    link = opened;
                    connected = true;
                    current = STOP;
                }
                log.info("{}: reconnected, stop sent", name);
                onState.accept(ConnectionState.CONNECTED, null);
                return true;
            } catch (IOException e) {
                synchronized (this) {
                    lastFailure = e.getMessage();
                }
                onState.accept(ConnectionState.CONNECTING, e.getMessage() + "; retrying");
            }
            pause = Math.min(pause * 2, maxBackoff.toMillis());
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
