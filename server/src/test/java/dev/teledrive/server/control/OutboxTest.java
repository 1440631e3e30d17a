package dev.teledrive.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.server.threads.Burst;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private static String text(ByteBuffer utf8) {
        return StandardCharsets.UTF_8.decode(utf8).toString();
    }

    /** A socket whose sends complete only when the test says so. */
    private static final class SlowSocket implements TextSender {
        final List<String> sent = new ArrayList<>();
        final List<Boolean> batched = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        int flushes;

        @Override
        public void send(ByteBuffer utf8, boolean batch, Consumer<Throwable> done) {
            sent.add(text(utf8));
            batched.add(batch);
            pending.add(done);
        }

        @Override
        public void flush() {
            flushes++;
        }

        void completeOne() {
            pending.remove(0).accept(null);
        }
    }

    @Test
    void oneFrameInFlightRepliesInOrderThenOnlyTheNewestTelemetry() {
        var socket = new SlowSocket();
        var outbox = new Outbox(socket, 10, () -> {});
        outbox.send("hello");
        outbox.offerTelemetry(utf8("t1"));
        outbox.send("ack1");
        outbox.offerTelemetry(utf8("t2"));
        outbox.offerTelemetry(utf8("t3"));
        outbox.send("ack2");
        assertEquals(List.of("hello"), socket.sent, "nothing more until the first frame is written");
        while (!socket.pending.isEmpty()) {
            socket.completeOne();
        }
        assertEquals(List.of("hello", "ack1", "ack2", "t3"), socket.sent);
    }

    @Test
    void aSampleReplacedBeforeItWasSentCountsAsSkipped() {
        var socket = new SlowSocket();
        var skipped = new AtomicInteger();
        var outbox = new Outbox(socket, 10, () -> {}, skipped::incrementAndGet);
        outbox.offerTelemetry(utf8("t1")); // straight onto the wire
        outbox.offerTelemetry(utf8("t2")); // waits
        assertEquals(0, skipped.get());
        outbox.offerTelemetry(utf8("t3")); // t2 never leaves
        assertEquals(1, skipped.get());
        while (!socket.pending.isEmpty()) {
            socket.completeOne();
        }
        outbox.offerTelemetry(utf8("t4")); // the wire was free again
        socket.completeOne();
        assertEquals(List.of("t1", "t3", "t4"), socket.sent);
        assertEquals(1, skipped.get());
    }

    @Test
    void spectatorsShareTelemetryBytesButEachSendsItsOwnView() {
        var a = new SlowSocket();
        var b = new SlowSocket();
        var first = new Outbox(a, 10, () -> {});
        var second = new Outbox(b, 10, () -> {});
        ByteBuffer shared = utf8("{\"type\":\"telemetry\"}");
        first.offerTelemetry(shared);
        second.offerTelemetry(shared);
        assertEquals(a.sent, b.sent);
        assertEquals(0, shared.position(), "the shared buffer is never consumed");
    }

    @Test
    void framesThatWaitedLeaveTogetherTheLastOneWritingThemAll() {
        var socket = new SlowSocket();
        var outbox = new Outbox(socket, 10, () -> {});
        outbox.send("hello");
        outbox.send("ack1");
        outbox.send("ack2");
        outbox.offerTelemetry(utf8("t1"));
        while (!socket.pending.isEmpty()) {
            socket.completeOne();
        }
        assertEquals(List.of("hello", "ack1", "ack2", "t1"), socket.sent);
        assertEquals(List.of(false, true, true, false), socket.batched, "only the last of those waiting flushes");
    }

    @Test
    void inABurstTheFirstFrameLeavesAtOnceAndTheRestWhenItEnds() {
        var socket = new SlowSocket();
        var outbox = new Outbox(socket, 10, () -> {});
        Burst.run(() -> {
            outbox.send("ack1");
            socket.completeOne();
            outbox.send("ack2");
            socket.completeOne(); // buffered at once
            outbox.send("ack3");
            socket.completeOne();
            assertEquals(List.of("ack1", "ack2", "ack3"), socket.sent);
            assertEquals(
                    List.of(false, true, true),
                    socket.batched,
                    "a lone command's ack waits for nothing; the rest wait in the buffer");
            assertEquals(0, socket.flushes);
        });
        assertEquals(1, socket.flushes, "the burst's end writes them");
        Burst.run(() -> outbox.send("alone"));
        assertEquals(List.of(false, true, true, false), socket.batched);
        assertEquals(1, socket.flushes, "nothing was held: nothing to flush");
    }

    @Test
    void aFrameHeldForABurstThatEndedOnTheWayIsFlushedByItsWriter() {
        List<String> calls = new ArrayList<>();
        var outbox = new Outbox(
                new TextSender() {
                    @Override
                    public void send(ByteBuffer utf8, boolean batch, Consumer<Throwable> done) {
                        if (batch) {
                            Burst.endEarly(); // as if the burst ended on another thread just before the frame was
                            // buffered
                        }
                        calls.add("buffer " + text(utf8) + (batch ? ", batched" : ""));
                        done.accept(null);
                    }

                    @Override
                    public void flush() {
                        calls.add("flush");
                    }
                },
                10,
                () -> {});
        Burst.run(() -> {
            outbox.send("ack1");
            outbox.send("ack2");
        });
        assertEquals(
                List.of("buffer ack1", "flush", "buffer ack2, batched", "flush"),
                calls,
                "the writer flushes what the burst's end missed");
    }

    @Test
    void sendsThatCompleteInlineDoNotRecurse() {
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        List<String> sent = new ArrayList<>();
        Outbox[] box = new Outbox[1];
        box[0] = new Outbox(
                (utf8, more, done) -> {
                    maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                    sent.add(text(utf8));
                    if (sent.size() == 1) {
                        for (int i = 0; i < 5_000; i++) {
                            box[0].send("m" + i); // queued while the first frame is in flight
                        }
                    }
                    done.accept(null);
                    depth.decrementAndGet();
                },
                10_000,
                () -> {});
        box[0].send("first");
        assertEquals(5_001, sent.size());
        assertEquals(1, maxDepth.get(), "each inline completion returns to the writer's loop");
    }

    @Test
    void aClientThatStopsReadingIsDroppedOnceTheBoundIsPassed() {
        var socket = new SlowSocket();
        AtomicInteger overflows = new AtomicInteger();
        var outbox = new Outbox(socket, 3, overflows::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            outbox.send("r" + i);
        }
        assertEquals(1, overflows.get());
        socket.completeOne();
        assertEquals(List.of("r0"), socket.sent, "nothing is written after the overflow");
    }

    @Test
    void aFailedSendClosesTheOutbox() {
        var socket = new SlowSocket();
        var outbox = new Outbox(socket, 10, () -> {});
        outbox.send("a");
        outbox.send("b");
        socket.pending.remove(0).accept(new java.io.IOException("reset"));
        outbox.send("c");
        assertTrue(socket.pending.isEmpty());
        assertEquals(List.of("a"), socket.sent);
    }
}
