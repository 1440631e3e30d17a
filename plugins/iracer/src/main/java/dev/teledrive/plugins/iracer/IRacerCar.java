package dev.teledrive.plugins.iracer;

import dev.teledrive.api.Command;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleException;
import dev.teledrive.iracer.protocol.CommandTranslator;
import java.io.IOException;

/** A real i-Racer: commands become its command bytes, written through a {@link CarLink}. */
final class IRacerCar implements Vehicle {

    private final CarLink link;
    private final CommandTranslator translator;

    IRacerCar(CarLink link, CommandTranslator translator) {
        this.link = link;
        this.translator = translator;
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
    public void accept(Command command) throws VehicleException {
        int b;
        try {
            b = translator.translate(command).encode();
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage());
        }
        try {
            link.send(b);
        } catch (IOException e) {
            throw new VehicleException(e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        link.stop();
    }

    @Override
    public void close() {
        link.close();
    }
}
