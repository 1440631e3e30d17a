package dev.teledrive.server.http;

import dev.teledrive.server.threads.Burst;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connector on which handling what the network brought a connection is a {@link Burst}. A
 * pipelining driver's commands arrive several to a read; answered one by one, each ack would cost
 * a system call of its own, the most expensive part of an ack. In a burst the first ack leaves at
 * once (a lone command waits for nothing); those after it wait until a read finds nothing more, or
 * the task ends, and then leave together, in one write and often one packet.
 *
 * <p>It is also where sockets are guarded before any byte is read: the caps on open sockets
 * ({@link SocketCaps}) and the deadline for a request's headers ({@link RequestDeadline}).
 */
final class BurstConnector extends ServerConnector {

    private final long requestDeadlineMillis;

    /**
     * @param requestDeadline how long a request may take to deliver its headers ({@link RequestDeadline}); zero: no
     *                        deadline
     * @param sockets         the caps on open sockets, shared by every port
     */
    BurstConnector(Server server, Duration requestDeadline, SocketCaps sockets, ConnectionFactory... factories) {
        super(server, 1, 1, factories);
        this.requestDeadlineMillis = requestDeadline.toMillis();
        addEventListener(sockets);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        var endpoint = new Endpoint(channel, selector, key, getScheduler(), requestDeadlineMillis);
        endpoint.setIdleTimeout(getIdleTimeout());
        return endpoint;
    }

    /** A socket's endpoint: handles what is selected as a burst, and keeps the request deadline. */
    static final class Endpoint extends SocketChannelEndPoint {
        private final RequestDeadline deadline;

        private Endpoint(
                SocketChannel channel,
                ManagedSelector selector,
                SelectionKey key,
                Scheduler scheduler,
                long deadlineMillis) {
            super(channel, selector, key, scheduler);
            this.deadline = deadlineMillis > 0 ? new RequestDeadline(this, scheduler, deadlineMillis) : null;
        }

        /** The request deadline, or {@code null} when there is none. */
        RequestDeadline deadline() {
            return deadline;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            if (deadline != null) {
                deadline.start();
            }
        }

        @Override
        public void onClose(Throwable cause) {
            if (deadline != null) {
                deadline.stop();
            }
            super.onClose(cause);
        }

        @Override
        public Runnable onSelected() {
            Runnable task = super.onSelected();
            return task == null ? null : new InBurst(task);
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            int filled = super.fill(buffer);
            if (filled <= 0) {
                Burst.endEarly(); // all that was sent is handled: reply now, before waiting for more
            }
            return filled;
        }
    }

    /**
     * A selected endpoint's task, run as one burst. It keeps the task's invocation type, by which
     * Jetty decides which thread runs it, and stays closeable for a selector that shuts down.
     */
    private record InBurst(Runnable task) implements Invocable.Task, Closeable {

        @Override
        public void run() {
            Burst.run(task);
        }

        @Override
        public InvocationType getInvocationType() {
            return Invocable.getInvocationType(task);
        }

        @Override
        public void close() throws IOException {
            if (task instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }
}
