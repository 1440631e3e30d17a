package dev.teledrive.plugins.console;

import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;
import org.pf4j.Extension;

/**
 * The example plugin of docs/plugins.md: a "vehicle" that writes each command to the log. The
 * {@code @Extension} annotation is all PF4J needs to find it in the jar.
 */
@Extension
public final class ConsoleProvider implements VehicleProvider {

    /** The standard driving commands, so the page's joystick works, plus one of our own. */
    private static final Vocabulary VOCABULARY = StandardVocabulary.motion(255)
            .plus(CommandSpec.of("horn", "Horn", CommandKind.ACTION).withKey("h"));

    @Override
    public String id() {
        return "console";
    }

    @Override
    public String name() {
        return "Console";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Vehicle open(VehicleContext context) {
        return new ConsoleVehicle(context);
    }
}
