package dev.teledrive.plugins.donkeycar;

import dev.teledrive.api.Command;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.plugins.donkeycar.link.DriveLink;
import dev.teledrive.plugins.donkeycar.link.DriveMessage;
import java.io.IOException;

/**
 * A Donkeycar: commands become the angle and throttle its web controller takes, written through a
 * {@link DriveLink}. Each command's message also goes out as telemetry, so the page shows what the
 * car was told.
 *
 * <p>{@link #accept} and {@link #stop} only hand the message to the link's writer thread, so they
 * never wait on the network and the vehicle says it is {@link #nonBlocking()}.
 */
final class DonkeycarCar implements Vehicle {

    private final DriveLink link;
    private final DriveCommands commands;
    private final CarTelemetry telemetry;
    private boolean recording; // touched by one call at a time, as the host promises
    private DriveMessage last = DriveMessage.stop(false);

    DonkeycarCar(DriveLink link, DriveCommands commands, CarTelemetry telemetry) {
        this.link = link;
        this.commands = commands;
        this.telemetry = telemetry;
    }

    @Override
    public void connect() throws VehicleException {
        try {
            link.connect();
        } catch (IOException e) {
            throw new VehicleException(e.getMessage(), e);
        }
    }

    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public void accept(Command command) throws VehicleException {
        DriveMessage message;
        if (command.name().equals("record")) {
            message = last.withRecording(command.bool("on")); // the car records what it does now
        } else {
            try {
                message = commands.translate(command, recording);
            } catch (IllegalArgumentException e) {
                throw new VehicleException(e.getMessage());
            }
        }
        try {
            link.send(message);
        } catch (IOException e) {
            throw new VehicleException(e.getMessage(), e);
        }
        recording = message.recording(); // only once the car has it: a refused record changes nothing
        sent(message);
    }

    @Override
    public void stop() {
        link.stop();
        sent(DriveMessage.stop(recording));
    }

    @Override
    public void close() {
        link.close();
    }

    private void sent(DriveMessage message) {
        last = message;
        telemetry.sent(message);
    }
}
