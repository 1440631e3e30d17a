package dev.teledrive.plugins.simulator;

import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import org.pf4j.Extension;

/**
 * The simulator: a model i-Racer with the real car's vocabulary, so a driver can switch between
 * them and change nothing.
 */
@Extension
public final class SimulatorProvider implements VehicleProvider {

    private static final Vocabulary VOCABULARY = StandardVocabulary.motion(255);

    @Override
    public String id() {
        return "simulator";
    }

    @Override
    public String name() {
        return "Simulator";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Vehicle open(VehicleContext context) throws VehicleException {
        try {
            return new SimulatedCar(context, SimulatorSettings.from(context.configuration()));
        } catch (IllegalArgumentException e) {
            throw new VehicleException(e.getMessage() + ": fix it in conf/teledrive.properties or with --set", e);
        }
    }
}
