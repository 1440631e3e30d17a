package dev.teledrive.plugins.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.teledrive.api.Command;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.testkit.TestVehicleContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a plugin author tests a vehicle without a server: the kit's context, the real vocabulary. */
class ConsoleVehicleTest {

    @Test
    void reportsEachCommandTheEndOfATimedOneAndEachStop() throws Exception {
        var provider = new ConsoleProvider();
        try (var context = new TestVehicleContext("console", Map.of())) {
            Vehicle console = provider.open(context);
            Command up =
                    provider.vocabulary().find("up").orElseThrow().bind(Map.of("speed", 5), Duration.ofMillis(300));
            Command horn = provider.vocabulary().find("horn").orElseThrow().bind(Map.of(), null);
            // On the vehicle's own thread, one call at a time, as the host calls it.
            context.run(console::connect);
            context.run(() -> console.accept(up));
            context.run(() -> console.timeUp(up)); // what the host calls when the 300 ms are up
            context.run(() -> console.accept(horn));
            context.run(console::stop);
            context.run(console::close);
            assertEquals(
                    List.of("up", "end of up", "horn", "stop"),
                    context.samples().stream()
                            .map(t -> t.fields().get("command"))
                            .toList());
            assertEquals(2L, context.samples().get(3).fields().get("commands"));
        }
    }
}
