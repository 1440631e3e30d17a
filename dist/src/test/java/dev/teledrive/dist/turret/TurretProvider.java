package dev.teledrive.dist.turret;

import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test plugin for the page's sliders: a pan with a step of its own (5°) on a range whose bounds
 * are off that grid, a tilt without a step whose vehicle reports where it points (so telemetry
 * seeds its slider), and a zoom whose range leaves out 0 (its grid counts from min). It reports
 * the last command it was given in every sample, beside its tilt: telemetry is latest-wins, so a
 * sample sent once could be overtaken by the next tick before a watcher is written to.
 */
public class TurretProvider implements VehicleProvider {

    static final Vocabulary VOCABULARY = Vocabulary.of(
            CommandSpec.of("stop", "Stop", CommandKind.STOP),
            CommandSpec.of(
                    "pan",
                    "Pan",
                    CommandKind.ACTION,
                    ParameterSpec.number("pan", "Pan", -172, 172).withStep(5).withUnit("°")),
            CommandSpec.of("tilt", "Tilt", CommandKind.ACTION, ParameterSpec.number("tilt", "Tilt", -30, 60)),
            CommandSpec.of(
                    "zoom",
                    "Zoom",
                    CommandKind.ACTION,
                    ParameterSpec.number("zoom", "Zoom", 1.5, 8).withStep(0.5).withUnit("x")));

    @Override
    public String id() {
        return "turret";
    }

    @Override
    public String name() {
        return "Turret";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new Vehicle() {
            private volatile double tilt = 20;
            private volatile Command last;
            private ScheduledFuture<?> ticks;

            @Override
            public void connect() {
                ticks = context.scheduler().scheduleAtFixedRate(this::report, 0, 200, TimeUnit.MILLISECONDS);
            }

            @Override
            public void accept(Command command) {
                if (command.name().equals("tilt")) {
                    tilt = command.number("tilt");
                }
                last = command;
                report();
            }

            @Override
            public void stop() {}

            @Override
            public void close() {
                if (ticks != null) {
                    ticks.cancel(false);
                }
            }

            private void report() {
                Command command = last;
                var sample = Telemetry.builder().put("tilt", tilt);
                if (command != null) {
                    sample.put("command", command.name());
                    command.arguments().forEach((k, v) -> sample.put("sent-" + k, ((Number) v).doubleValue()));
                }
                context.telemetry().publish(sample.build());
            }
        };
    }
}
