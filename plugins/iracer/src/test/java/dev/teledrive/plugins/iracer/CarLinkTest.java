package dev.teledrive.plugins.iracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.ConnectionState;
import dev.teledrive.plugins.iracer.link.Link;
import dev.teledrive.plugins.iracer.link.LinkOpener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The writer and its reconnection, with links the test scripts. */
class CarLinkTest {

    private final BlockingQueue<Integer> written = new LinkedBlockingQueue<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    private int next() throws InterruptedException {
        Integer b = written.poll(5, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("nothing written within 5 s");
        }
        return b;
    }

    /** A link that records bytes and fails every write once told to. */
    private final class ScriptedLink implements Link {
        volatile boolean broken;
        final CountDownLatch blockNext;

        ScriptedLink(CountDownLatch blockNext) {
            this.blockNext = blockNext;
        }

        @Override
        public void write(int b) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            if (blockNext != null && b != 0) {
                try {
                    blockNext.await(); // a radio that stalls on this write
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            written.add(b);
        }

        @Override
        public void close() {}
    }

    @Test
    void whileTheLinkIsDownCommandsAreRefusedAndAfterItComesBackAStopGoesFirst() throws Exception {
        var first = new ScriptedLink(null);
        var opens = new AtomicInteger();
        var reconnectAllowed = new CountDownLatch(1);
        LinkOpener opener = () -> {
            if (opens.getAndIncrement() == 0) {
                return first;
            }
            try {
                if (!reconnectAllowed.await(5, TimeUnit.SECONDS)) {
                    throw new IOException("still out of range");
                }
            } catch (InterruptedException e) {
                throw new IOException("interrupted");
            }
            return new ScriptedLink(null);
        };
        try (var link = new CarLink(
                "car",
                opener,
                Duration.ZERO,
                Duration.ofMillis(500),
                (s, r) -> states.add(s),
                LoggerFactory.getLogger("test"))) {
            link.connect();
            assertEquals(0x00, next());
            first.broken = true;
            link.send(0x1F); // this write fails and starts the reconnection
            for (int i = 0; i < 250 && !states.contains(ConnectionState.CONNECTING); i++) {
                Thread.sleep(20);
            }
            var refused = assertThrows(IOException.class, () -> link.send(0x1F));
            assertTrue(
                    refused.getMessage().contains("Broken pipe")
                            && refused.getMessage().contains("reconnecting"),
                    refused.getMessage());
            reconnectAllowed.countDown();
            assertEquals(0x00, next(), "a stop first thing after reconnecting");
            for (int i = 0; i < 250 && !link.connected(); i++) {
                Thread.sleep(20);
            }
            link.send(0x12);
            assertEquals(0x12, next());
            assertEquals(ConnectionState.CONNECTED, states.get(states.size() - 1));
        }
    }

    @Test
    void aStopReplacesWhateverWaitsBehindASlowWrite() throws Exception {
        var stall = new CountDownLatch(1);
        var slow = new ScriptedLink(stall);
        try (var link = new CarLink(
                "car",
                () -> slow,
                Duration.ZERO,
                Duration.ofMillis(500),
                (s, r) -> {},
                LoggerFactory.getLogger("test"))) {
            link.connect();
            assertEquals(0x00, next());
            link.send(0x1F); // the writer takes it and stalls on the radio
            Thread.sleep(100);
            link.send(0x2F);
            link.send(0x3F);
            link.stop();
            stall.countDown();
            assertEquals(0x1F, next());
            assertEquals(0x00, next(), "the stop replaced the two commands waiting behind the stalled write");
            assertEquals(null, written.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void closingSendsALastStop() throws Exception {
        var link = new CarLink(
                "car",
                () -> new ScriptedLink(null),
                Duration.ZERO,
                Duration.ofMillis(500),
                (s, r) -> {},
                LoggerFactory.getLogger("test"));
        link.connect();
        assertEquals(0x00, next());
        link.send(0x1F);
        assertEquals(0x1F, next());
        link.close();
        assertEquals(0x00, next());
        assertThrows(IOException.class, link::connect);
    }
}
