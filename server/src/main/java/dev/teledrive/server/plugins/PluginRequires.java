package dev.teledrive.server.plugins;

import dev.teledrive.api.PluginApi;
import java.util.Optional;
import org.pf4j.VersionManager;

/**
 * Checks a plugin's {@code Plugin-Requires} entry before PF4J reads it, so a malformed one gets a
 * sentence naming the entry and its form rather than the version parser's "Illegal character".
 */
final class PluginRequires {

    private PluginRequires() {}

    /** The range a plugin built for this API declares, as the kit's parent writes it. */
    static String rangeForThisApi() {
        int major = Integer.parseInt(PluginApi.VERSION.split("\\.", 2)[0]);
        return ">=" + PluginApi.VERSION + " & <" + (major + 1) + ".0.0";
    }

    /**
     * Why this entry is not a version range PF4J can read, or empty when it is one.
     *
     * @param requires the manifest's value ({@code *} when it is absent)
     * @param versions PF4J's version manager, the one that later checks the range
     */
    static Optional<String> problem(String requires, VersionManager versions) {
        try {
            versions.checkVersionConstraint(PluginApi.VERSION, requires);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("its manifest entry Plugin-Requires: " + requires + " is not a version range ("
                    + Extensions.rootMessage(e) + "): write the plugin API versions it works with, such as"
                    + " Plugin-Requires: " + rangeForThisApi() + " (the kit's teledrive-plugin-parent writes"
                    + " exactly that; to set it yourself, override the plugin.requires property)");
        }
    }
}
