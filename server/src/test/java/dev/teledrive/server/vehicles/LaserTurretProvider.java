package dev.teledrive.server.vehicles;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.concurrent.TimeUnit;

/**
 * A pan-tilt turret with a laser whose safety stop also switches the laser off, and whose stop can
 * be made to fail ({@code jam}); packed into a jar by {@link TwoStopsIT}. Its telemetry shows the
 * laser, whether it moves, and how often it heard {@code timeUp} and {@code stop}.
 */
public class LaserTurretProvider implements VehicleProvider {

    @Override
    public String id() {
        return "turret";
    }

    @Override
    public String name() {
        return "Laser turret";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(15)
                .plus(
                        CommandSpec.of("laser", "Laser", CommandKind.ACTION, ParameterSpec.bool("on", "On")),
                        CommandSpec.of(
                                "jam",
                                "Jam the stop",
                                CommandKind.ACTION,
                                ParameterSpec.integer("stops", "Stops", 0, 9)));
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            private boolean laser;
            private boolean moving;
            private long ends;
            private long stops;
            private long jammed;

            @Override
            public void connect() {
                context.scheduler().scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS);
            }

            private void tick() {
                context.telemetry()
                        .publish(Telemetry.builder()
                                .put("laser", laser)
                                .put("moving", moving)
                                .put("ends", ends)
                                .put("stops", stops)
                                .build());
            }

            @Override
            public void accept(Command command) {
                switch (command.name()) {
                    case "laser" -> laser = command.bool("on");
                    case "jam" -> jammed = command.integer("stops");
                    default -> moving = true;
                }
            }

            @Override
            public void timeUp(Command timed) {
                ends++;
                moving = false; // the laser stays as it is
            }

            @Override
            public void stop() throws VehicleException {
                stops++;
                if (jammed > 0) {
                    jammed--;
                    throw new VehicleException("the relay is stuck");
                }
                moving = false;
                laser = false;
            }

            @Override
            public void close() {}
        };
    }
}
