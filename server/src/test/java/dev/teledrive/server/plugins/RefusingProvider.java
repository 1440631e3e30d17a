package dev.teledrive.server.plugins;

import dev.teledrive.api.StandardVocabulary;
import dev.teledrive.api.Vehicle;
import dev.teledrive.api.VehicleContext;
import dev.teledrive.api.VehicleProvider;
import dev.teledrive.api.Vocabulary;

/**
 * A provider whose constructor throws, as one that opens its serial port too early would: packed
 * into jars by {@link PluginFailureReportsIT}.
 */
public class RefusingProvider implements VehicleProvider {

    public RefusingProvider() {
        throw new IllegalStateException("no serial port in the constructor, please");
    }

    @Override
    public String id() {
        return "refusing";
    }

    @Override
    public String name() {
        return "Refusing";
    }

    @Override
    public Vocabulary vocabulary() {
        return StandardVocabulary.motion(255);
    }

    @Override
    public Vehicle open(VehicleContext context) {
        throw new UnsupportedOperationException("never created");
    }
}
