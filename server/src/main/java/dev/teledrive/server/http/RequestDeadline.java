package dev.teledrive.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A deadline for each HTTP request on one connection to deliver its headers. A client that
 * trickles a request out a byte at a time never sets off the idle timeout, and one that opens a
 * connection and sends nothing holds it just as long; either would keep a file descriptor for
 * minutes. Here a connection that has not delivered a request's headers within the deadline is
 * closed (checked every half deadline, so after one to one and a half deadlines). A connection resting between
 * requests is left to the idle timeout, and one that became a WebSocket to the WebSocket's own.
 *
 * <p>The requests are seen by {@link Tracker}, the outermost handler: a request reaches a handler
 * only once its headers are complete.
 */
final class RequestDeadline implements Runnable {

    /** Checks per deadline; a connection is closed after this many checks plus one spent waiting. */
    private static final int CHECKS = 2;

    private final EndPoint endpoint;
    private final Scheduler scheduler;
    private final long periodMillis;
    private volatile boolean inRequest;
    private volatile boolean hadRequest;
    /** The connection that handled the last request, and the endpoint it was on: to see an upgrade. */
    private volatile Connection lastHttp;

    private volatile EndPoint lastHttpEndPoint;
    private volatile long bytesWhenIdle;
    private int waitingChecks;
    private volatile Scheduler.Task next;

    RequestDeadline(EndPoint endpoint, Scheduler scheduler, long deadlineMillis) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.periodMillis = Math.max(1, deadlineMillis / CHECKS);
    }

    /** Starts checking; call once the connection is open. */
    void start() {
        next = scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops checking; call when the connection closes. */
    void stop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    /** Tells the deadline of the connection a request arrived on that its headers are in. */
    private static void requestStarted(Request request) {
        EndPoint http = request.getConnectionMetaData().getConnection().getEndPoint();
        EndPoint network = http;
        while (network instanceof EndPoint.Wrapper wrapper) {
            network = wrapper.unwrap(); // TLS: the decrypted endpoint wraps the socket's
        }
        if (network instanceof BurstConnector.Endpoint guarded && guarded.deadline() != null) {
            RequestDeadline deadline = guarded.deadline();
            deadline.lastHttp = request.getConnectionMetaData().getConnection();
            deadline.lastHttpEndPoint = http;
            deadline.inRequest = true;
            deadline.hadRequest = true;
            Request.addCompletionListener(request, failure -> deadline.requestDone());
        }
    }

    private void requestDone() {
        bytesWhenIdle = bytesIn();
        inRequest = false;
    }

    @Override
    public void run() {
        if (!endpoint.isOpen() || upgraded()) {
            return;
        }
        boolean waitingForHeaders = !inRequest && (!hadRequest || bytesIn() != bytesWhenIdle);
        if (!waitingForHeaders) {
            waitingChecks = 0;
        } else if (++waitingChecks > CHECKS) {
            endpoint.close(new TimeoutException("the request's headers did not arrive in time"));
            return;
        }
        next = scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    private boolean upgraded() {
        Connection http = lastHttp;
        return http != null && lastHttpEndPoint.getConnection() != http;
    }

    private long bytesIn() {
        Connection c = endpoint.getConnection();
        return c == null ? 0 : c.getBytesIn();
    }

    /** The outermost handler: tells each request's connection that its headers are in. */
    static final class Tracker extends Handler.Wrapper {
        Tracker(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            requestStarted(request);
            return super.handle(request, response, callback);
        }
    }
}
