package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.security.QuietLog;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an unexpected exception (a bug, here or in a plugin) costs while handling a client's message
 * or a vehicle's answer to it: the client gets {@code internal} with the message's id and keeps its
 * connection, the failure is counted for the metrics, and the log gets its stack trace, at most once
 * a minute with a count of the rest, so a client that can trigger it at will cannot fill the disk.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    static final String SENTENCE = "the server failed on this message; its log says why";

    private final Replies replies;
    private final ControlEvents events;
    private final QuietLog log;

    Failures(Replies replies, ControlEvents events, Clock clock) {
        this.replies = replies;
        this.events = events;
        this.log = new QuietLog(LOG, clock, Duration.ofMinutes(1));
    }

    /** A message failed before it was answered: answers {@code internal}. */
    void answer(ControlSession session, JsonNode id, String command, RuntimeException failure) {
        record(session, command, failure);
        try {
            replies.error(session, id, ErrorCode.INTERNAL, SENTENCE);
        } catch (RuntimeException e) {
            record(session, command, e); // nothing more can be done for this client
        }
    }

    /** Runs the reply to a message; if making it fails, answers {@code internal} instead. */
    void reply(ControlSession session, ClientMessage message, Runnable reply) {
        try {
            reply.run();
        } catch (RuntimeException e) {
            answer(session, message.id(), message.command(), e);
        }
    }

    /** Runs work that follows a reply already made: a failure is logged and counted, never answered twice. */
    void afterReply(ControlSession session, ClientMessage message, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            record(session, message.command(), e);
        }
    }

    /** Logs and counts a failure that has no message to answer, such as one in the transport. */
    void record(ControlSession session, String what, Throwable failure) {
        events.handlerFailed();
        log.error("{}: '{}' failed unexpectedly", session, what, failure);
    }
}
