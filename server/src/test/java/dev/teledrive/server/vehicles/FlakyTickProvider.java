package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A plugin that starts a tick in every {@code connect()}, as the kit's template does, and whose
 * {@code fail} command makes a task of its own throw; packed into a jar by {@link SlowPluginsIT}.
 * Each sample says how many of its ticks are still scheduled.
 */
public class FlakyTickProvider implements VehicleProvider {

    @Override
    public String id() {
        return "flaky";
    }

    @Override
    public String name() {
        return "Flaky tick";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(15).plus(CommandSpec.of("fail", "Fail", CommandKind.ACTION));
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            private final List<Future<?>> ticks = new CopyOnWriteArrayList<>();
            private long connects;

            @Override
            public void connect() {
                connects++;
                ticks.add(context.scheduler().scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS));
            }

            private void tick() {
                long live = ticks.stream().filter(t -> !t.isDone()).count();
                context.telemetry()
                        .publish(Telemetry.builder()
                                .put("connects", connects)
                                .put("ticking", live)
                                .build());
            }

            @Override
            public void accept(Command command) {
                if (command.name().equals("fail")) {
                    context.scheduler()
                            .schedule(
                                    () -> {
                                        throw new IllegalStateException("a task failed, as asked");
                                    },
                                    0,
                                    TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void stop() {}

            @Override
            public void close() {}
        };
    }
}
