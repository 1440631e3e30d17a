package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.concurrent.TimeUnit;

/**
 * A plugin whose first {@code connect()} hangs for 30 s, as a radio that does not answer; packed
 * into a jar by {@link SlowPluginsIT}. Its telemetry says how often it connected and the last
 * command that really ran.
 */
public class SlowStartProvider implements VehicleProvider {

    @Override
    public String id() {
        return "slowstart";
    }

    @Override
    public String name() {
        return "Slow start";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(15).plus(CommandSpec.of("pan", "Pan", CommandKind.ACTION));
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            private int connects;
            private String ran = "none";

            @Override
            public void connect() throws VehicleException {
                connects++;
                if (connects == 1) {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        throw new VehicleException("gave up when interrupted");
                    }
                }
                context.scheduler().scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS);
            }

            private void tick() {
                context.telemetry()
                        .publish(Telemetry.builder()
                                .put("connects", (long) connects)
                                .put("ran", ran)
                                .build());
            }

            @Override
            public void accept(Command command) {
                ran = command.name();
            }

            @Override
            public void stop() {
                ran = "stop";
            }

            @Override
            public void close() {}
        };
    }
}
