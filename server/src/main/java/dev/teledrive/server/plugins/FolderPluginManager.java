package dev.teledrive.server.plugins;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * PF4J's default manager, made to let the host speak for it: the host loads candidates one by one
 * to report each failure, refuses a malformed {@code Plugin-Requires} with a sentence that names
 * the entry ({@link PluginRequires}), and disables a plugin built for another API without PF4J's
 * own two warnings, since {@link PluginHost} logs the one line the docs promise.
 */
final class FolderPluginManager extends DefaultPluginManager {

    FolderPluginManager(Path dir) {
        super(dir);
    }

    /** Jars, zips and unpacked plugin folders, as PF4J's repositories find them. */
    List<Path> candidates() {
        return pluginRepository.getPluginPaths();
    }

    @Override
    protected void validatePluginDescriptor(PluginDescriptor descriptor) {
        super.validatePluginDescriptor(descriptor);
        PluginRequires.problem(descriptor.getRequires(), getVersionManager()).ifPresent(why -> {
            throw new RefusedPluginException(descriptor.getPluginId(), descriptor.getVersion(), why);
        });
    }

    /** As PF4J decides, but quietly: a plugin outside the range is disabled, and the host says why. */
    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires().trim();
        if (!isExactVersionAllowed() && requires.matches("^\\d+\\.\\d+\\.\\d+$")) {
            requires = ">=" + requires; // as PF4J reads a bare version
        }
        if (!getVersionManager().checkVersionConstraint(getSystemVersion(), requires)) {
            plugin.setPluginState(PluginState.DISABLED);
        }
        return true;
    }
}
