package com.example.tank;

import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleException;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import org.pf4j.Extension;

/**
 * What the server finds in the jar: PF4J lists every {@code @Extension} class at compile time (the
 * parent POM runs its annotation processor), and the server asks this one for the vehicle's id,
 * name and commands, then opens the vehicle when someone selects it.
 */
@Extension
public final class TankProvider implements VehicleProvider {

    /**
     * The standard driving commands, so the page's joystick, arrow keys and gamepad work, less
     * {@code raw} (a tank has no byte channel), plus two of its own that take parameters. The
     * server checks every message against these before the vehicle sees it.
     */
    static final Vocabulary VOCABULARY = new Vocabulary(StandardVocabulary.motion(0).commands().stream()
                    .filter(command -> !command.name().equals("raw"))
                    .toList())
            .plus(
                    CommandSpec.of(
                            "turret",
                            "Turret",
                            CommandKind.ACTION,
                            ParameterSpec.number("angle", "Angle", -180, 180)
                                    .withStep(5)
                                    .withUnit("°")), // the page's slider: -180, -175, ... 180
                    CommandSpec.of(
                                    "fire",
                                    "Fire",
                                    CommandKind.ACTION,
                                    ParameterSpec.integer("rounds", "Rounds", 1, 5)
                                            .optional(1))
                            .withKey("f"));

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
    public Vehicle open(VehicleContext context) throws VehicleException {
        int rounds = context.configuration().getInt("tank.rounds", 20);
        if (rounds < 0) {
            throw new VehicleException(
                    "tank.rounds is " + rounds + ": set it to 0 or more in conf/teledrive.properties");
        }
        return new TankVehicle(context, rounds);
    }
}
