package dev.teledrive.server.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.control.ErrorCode;
import dev.teledrive.server.control.FrameLimit;
import dev.teledrive.server.control.TokenBucket;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a hub checks of a client's frames before anything reaches NATS: the frame size limit and the
 * message rate, by the same classes and numbers as a plain server's protocol core, so a stranger
 * cannot flood the bus through a hub. A frame over the limit stops the reading and closes the
 * connection with 1009 once its owed replies are out; a message over the rate is answered
 * {@code rate_limited} here and never sent on. Garbage counts against the rate as at a plain server.
 *
 * <p>{@code stop} is never refused (PROTOCOL.md), but a flood of them need not each cross the bus:
 * stops have a bucket of their own, as large as the messages' (so they never take a message's place,
 * nor one another's in normal use); a stop beyond it goes to {@code repeatedStop}, which sends it on
 * unless the stop before it is still the last thing the client's site got (then the car is stopped
 * already, and the hub answers it). One instance per connection, used from its reading thread only.
 */
final class ClientGate {

    private final FrameLimit frames;
    private final TokenBucket rate;
    private final TokenBucket stops;
    private final String refusal;
    private final HubMessages messages;
    private final Consumer<String> forward;
    private final Consumer<String> reply;
    private final Consumer<String> repeatedStop;

    /**
     * @param forward   gets each message within the limits, for the site
     * @param reply        gets the hub's own answers, for the client
     * @param repeatedStop gets each stop beyond the stops' own bucket: it must still stop the car
     * @param oversized    told once, at the first frame over the size limit
     */
    ClientGate(
            HostSettings.Limits limits,
            LongSupplier nanos,
            HubMessages messages,
            Consumer<String> forward,
            Consumer<String> reply,
            Consumer<String> repeatedStop,
            Runnable oversized) {
        this.frames = new FrameLimit(limits.frameBytes(), this::message, oversized);
        this.rate = new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanos);
        this.stops = new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanos);
        this.refusal = TokenBucket.refusal(limits.messagesPerSecond(), limits.burst());
        this.messages = messages;
        this.forward = forward;
        this.reply = reply;
        this.repeatedStop = repeatedStop;
    }

    /** One part of a text message, in order. */
    void accept(String part, boolean last) {
        frames.accept(part, last);
    }

    private void message(String text) {
        JsonNode m = messages.parse(text);
        boolean stop = m != null && "stop".equals(m.path("command").asText(null));
        if (stop) {
            (stops.tryAcquire() ? forward : repeatedStop).accept(text);
            return;
        }
        if (rate.tryAcquire()) {
            forward.accept(text);
            return;
        }
        JsonNode id = m == null ? null : m.get("id");
        reply.accept(messages.error(
                id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null, ErrorCode.RATE_LIMITED, refusal));
    }
}
