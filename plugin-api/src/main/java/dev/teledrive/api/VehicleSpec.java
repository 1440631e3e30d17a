package dev.teledrive.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One vehicle a {@link VehicleProvider} offers.
 *
 * @param id   a stable id, lower case letters, digits and dashes, such as {@code iracer-red}
 * @param name a name for people
 */
public record VehicleSpec(String id, String name) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Checks that the id is usable in URLs, configuration keys and the protocol. */
    public VehicleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("vehicle id '" + id
                    + "' must be 1 to 64 lower case letters, digits or dashes, starting with a letter or digit");
        }
    }
}
