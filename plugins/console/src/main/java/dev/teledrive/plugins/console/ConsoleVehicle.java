package dev.teledrive.plugins.console;

import dev.teledrive.api.Command;
import dev.teledrive.api.Telemetry;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logs what it is told and publishes it as telemetry. The host calls it from one thread and owns
 * all timing: it sends {@code timeUp} when a timed command's duration ends, and the safety
 * {@code stop()} on the dead-man, when the driver leaves and whenever something fails, so a real
 * vehicle written like this is safe by default.
 */
final class ConsoleVehicle implements Vehicle {

    private final VehicleContext context;
    private long commands;

    ConsoleVehicle(VehicleContext context) {
        this.context = context;
    }

    @Override
    public void accept(Command command) {
        commands++;
        Map<String, Object> sorted = new TreeMap<>(command.arguments());
        context.logger()
                .info(
                        "{} {}{}",
                        command.name(),
                        sorted,
                        command.duration() == null
                                ? ""
                                : " for " + command.duration().toMillis() + " ms");
        publish(command.name());
    }

    /** A timed command ended; a vehicle whose safety stop does more than end a move overrides this. */
    @Override
    public void timeUp(Command timed) {
        context.logger().info("end of {}", timed.name());
        publish("end of " + timed.name());
    }

    @Override
    public void stop() {
        context.logger().info("stop");
        publish("stop");
    }

    @Override
    public void close() {
        context.logger().info("closed after {} commands", commands);
    }

    private void publish(String last) {
        context.telemetry()
                .publish(Telemetry.builder()
                        .put("command", last)
                        .put("commands", commands)
                        .build());
    }
}
