package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.teledrive.server.support.NatsServers;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test harness's three-node cluster: messages cross nodes, and a client outlives the node it used. */
class NatsClusterIT {

    @TempDir
    Path tmp;

    @Test
    void aClientOnAKilledNodeMovesToAnotherAndHearsOn() throws Exception {
        try (NatsServers nats = NatsServers.cluster(tmp, "", Map.of())) {
            Connection listener = Nats.connect(Options.builder()
                    .server(nats.nodes().get(0).url())
                    .server(nats.nodes().get(1).url())
                    .reconnectWait(Duration.ofMillis(100))
                    .maxReconnects(-1)
                    .build());
            Connection speaker = Nats.connect(nats.nodes().get(2).url());
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            listener.createDispatcher(heard::add).subscribe(Subjects.siteAlive("home"));
            listener.flush(Duration.ofSeconds(5));
            String first = listener.getConnectedUrl();

            publishUntilHeard(speaker, heard);
            nats.kill(first.endsWith(nats.nodes().get(0).url().substring(7)) ? 0 : 1);
            assertFalse(nats.nodes().get(0).alive() && nats.nodes().get(1).alive());
            heard.clear();
            publishUntilHeard(speaker, heard);
            listener.close();
            speaker.close();
        }
    }

    /** Publishes once a tenth of a second until the listener hears one (routes and reconnects take a moment). */
    private static void publishUntilHeard(Connection speaker, BlockingQueue<Message> heard) throws Exception {
        for (int i = 0; i < 100; i++) {
            speaker.publish(Subjects.siteAlive("home"), "{}".getBytes(StandardCharsets.UTF_8));
            Message m = heard.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                assertEquals(Subjects.siteAlive("home"), m.getSubject());
                return;
            }
        }
        throw new AssertionError("the listener never heard the speaker across the cluster");
    }
}
