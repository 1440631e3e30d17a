package dev.teledrive.dist.tank;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.Map;

/**
 * A test plugin whose commands all take parameters (but the {@code stop} every vocabulary needs),
 * one of each type: a tank with a turret, a gun, a gearbox mode and lights, and analog drive. It
 * reports each command it is given, with its values, as telemetry, so a test sees exactly what
 * arrived. {@link dev.teledrive.dist.PluginJar} packs it into a jar for the distribution's plugins folder.
 */
public class TankProvider implements VehicleProvider {

    static final Vocabulary VOCABULARY = Vocabulary.of(
            CommandSpec.of("stop", "Stop", CommandKind.STOP).withKey(" "),
            CommandSpec.of(
                    "drive",
                    "Drive",
                    CommandKind.HELD,
                    ParameterSpec.number("throttle", "Throttle", -1, 1),
                    ParameterSpec.number("steer", "Steer", -1, 1)),
            CommandSpec.of("turret", "Turret", CommandKind.ACTION, ParameterSpec.number("angle", "Angle", -30, 30)),
            CommandSpec.of(
                            "fire",
                            "Fire",
                            CommandKind.ACTION,
                            ParameterSpec.integer("rounds", "Rounds", 1, 5).optional(1))
                    .withKey("f"),
            CommandSpec.of("mode", "Mode", CommandKind.ACTION, ParameterSpec.choice("mode", "Mode", "eco", "sport")),
            CommandSpec.of("lights", "Lights", CommandKind.ACTION, ParameterSpec.bool("on", "On"))
                    .withKey("l"));

    @Override
    public String id() {
        return "tank";
    }

    @Override
    public String name() {
        return "Tank";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            private long commands;

            @Override
            public void accept(Command command) {
                report(command.name(), command.arguments());
            }

            @Override
            public void stop() {
                report("stop", Map.of());
            }

            @Override
            public void close() {}

            private void report(String name, Map<String, Object> arguments) {
                var sample = Telemetry.builder().put("command", name).put("commands", ++commands);
                arguments.forEach((key, value) -> {
                    if (value instanceof Double d) {
                        sample.put(key, d.doubleValue());
                    } else if (value instanceof Long l) {
                        sample.put(key, l.longValue());
                    } else if (value instanceof Boolean b) {
                        sample.put(key, b.booleanValue());
                    } else {
                        sample.put(key, String.valueOf(value));
                    }
                });
                context.telemetry().publish(sample.build());
            }
        };
    }
}
