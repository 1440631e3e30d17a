package dev.teledrive.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One vehicle a {@link VehicleProvider} offers.
 *
 * @param id   a stable id, 1 to 64 lower case letters, digits and dashes, starting with a letter or
 *             digit, such as {@code iracer-red}. It must be unique across all plugins: clients
 *             select the vehicle by it, and users name it in configuration keys such as
 *             {@code vehicles.ID.maxDurationSeconds}
 * @param name a name for people, shown in the page's list of vehicles
 */
public record VehicleSpec(String id, String name) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Checks that the id is usable in URLs, configuration keys and the protocol.
     *
     * @param id   the vehicle id
     * @param name a name for people
     * @throws NullPointerException     if {@code id} or {@code name} is {@code null}
     * @throws IllegalArgumentException if the id does not have the form above
     */
    public VehicleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("vehicle id '" + id
                    + "' must be 1 to 64 lower case letters, digits or dashes, starting with a letter or digit");
        }
    }
}
