package dev.teledrive.server.plugins;

import org.pf4j.PluginRuntimeException;

/**
 * A plugin whose descriptor PF4J could read, refused before it is loaded; the message is the
 * sentence for the log and the report, naming the fix.
 */
final class RefusedPluginException extends PluginRuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pluginId;
    private final String version;

    RefusedPluginException(String pluginId, String version, String reason) {
        super(reason);
        this.pluginId = pluginId;
        this.version = version;
    }

    String pluginId() {
        return pluginId;
    }

    String version() {
        return version;
    }
}
